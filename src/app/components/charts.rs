//! The core's charts as hand-written inline SVG, each in a `<figure>` with
//! the table behind it.
//!
//! Every position, label and colour comes from a [`Chart`] computed (and
//! unit-tested) in `crate::charts`; this module only maps it to elements. The
//! few lengths drawn here are the sizes of a marker, a whisker's cap and an
//! arrowhead around a point the chart gives.
//!
//! Colours are SVG presentation attributes (`fill`, `stroke`): the page's
//! Content Security Policy blocks `style` attributes but not these, and a
//! stylesheet rule still outranks them, which the print and forced-colours
//! rules in `www/style.css` rely on.
//!
//! Under each chart, a button saves it as a standalone SVG file: the
//! drawing carries its own typeface, colours, title and description, so
//! it needs nothing from the page. Under the publish-safe rules a chart
//! draws only the groups whose figures may be shown, and names the others.
//!
//! An SVG with `role="img"` is one image to assistive technology: its
//! `<title>` and `<desc>` name and describe it, and the table beneath it,
//! always visible, gives every figure as text (WCAG 2.1 success criteria
//! 1.1.1 and 1.4.1), on screen and on paper.

use yew::prelude::*;

use crate::charts::{
    forest_plot, share_chart, Anchor, Axis, Band, Chart, LegendEntry, LegendSymbol, Measure,
    OffScale, Point, ReferenceLine, Row, Shape, Whisker, BAND_FILL, LINE_COLOUR, TEXT_COLOUR,
};
use crate::report::BreakdownReport;
use crate::tables::{Guard, View};

use super::tools::{download, svg_file};
use super::{element, text};

/// The page's typeface, named on the SVG itself so that a downloaded chart,
/// away from the page's stylesheet, keeps it.
const FONT_FAMILY: &str = "Arial, Helvetica, sans-serif";

/// Light enough to stay behind the data, dark enough to guide the eye.
const GRID_COLOUR: &str = "#D8DDE0";

/// The access charts of breakdown `index`: each group's share of people in
/// IPS beside its share of the population (`share-chart-<index>`), then its
/// representation ratio (`representation-chart-<index>`) when any group has
/// one. Under the publish-safe rules (`guard`), a group whose access
/// figures are withheld is left out of both, and each chart says so.
pub fn access_charts(
    index: usize,
    breakdown: &BreakdownReport,
    confidence: f64,
    guard: Guard,
) -> Html {
    let drawn = Drawn::new(breakdown, guard, |view| view.access);
    let Some(shown) = drawn.breakdown() else {
        return drawn.nothing(&format!("share-chart-{index}"));
    };
    let share = drawn.explained(share_chart(shown, confidence));
    let representation = forest_plot(shown, Measure::RepresentationRatio, confidence);
    let representation = representation.map(|chart| {
        chart_figure(
            &format!("representation-chart-{index}"),
            &drawn.explained(chart),
            drawn.sentence(),
        )
    });
    html! {
        <>
            { chart_figure(&format!("share-chart-{index}"), &share, drawn.sentence()) }
            { representation }
        </>
    }
}

/// The job rate ratios of breakdown `index` (`job-rate-chart-<index>`), when
/// any group has one; under the publish-safe rules, without the groups
/// whose comparison with the reference group is withheld.
pub fn job_rate_chart(
    index: usize,
    breakdown: &BreakdownReport,
    confidence: f64,
    guard: Guard,
) -> Html {
    let drawn = Drawn::new(breakdown, guard, |view| view.comparison);
    let Some(shown) = drawn.breakdown() else {
        return drawn.nothing(&format!("job-rate-chart-{index}"));
    };
    match forest_plot(shown, Measure::JobRateRatio, confidence) {
        Some(chart) => chart_figure(
            &format!("job-rate-chart-{index}"),
            &drawn.explained(chart),
            drawn.sentence(),
        ),
        None => Html::default(),
    }
}

/// What a chart may draw of a breakdown under the publish-safe rules: the
/// breakdown itself when every group may be drawn, else a copy without the
/// groups whose figures are withheld, whose names the chart then gives.
/// The copy's axes are worked out from the groups drawn alone, so that not
/// even the scale hints at a withheld figure.
struct Drawn<'a> {
    whole: &'a BreakdownReport,
    part: Option<BreakdownReport>,
    not_drawn: Vec<String>,
}

impl<'a> Drawn<'a> {
    fn new(breakdown: &'a BreakdownReport, guard: Guard, shown: fn(&View) -> bool) -> Drawn<'a> {
        let keep: Vec<bool> = (0..breakdown.groups.len())
            .map(|group| shown(&guard.group(group)))
            .collect();
        if keep.iter().all(|&keep| keep) {
            return Drawn {
                whole: breakdown,
                part: None,
                not_drawn: Vec::new(),
            };
        }
        let (kept, dropped): (Vec<_>, Vec<_>) = breakdown
            .groups
            .iter()
            .zip(&keep)
            .partition(|(_, &keep)| keep);
        let part = BreakdownReport {
            groups: kept.into_iter().map(|(group, _)| group.clone()).collect(),
            ..breakdown.clone()
        };
        Drawn {
            whole: breakdown,
            part: Some(part),
            not_drawn: dropped
                .into_iter()
                .map(|(group, _)| group.group.clone())
                .collect(),
        }
    }

    /// The breakdown to draw, `None` when no group may be drawn.
    fn breakdown(&self) -> Option<&BreakdownReport> {
        match &self.part {
            None => Some(self.whole),
            Some(part) if part.groups.is_empty() => None,
            Some(part) => Some(part),
        }
    }

    /// Which groups are not drawn and why, when any is not.
    fn sentence(&self) -> Option<AttrValue> {
        (!self.not_drawn.is_empty()).then(|| {
            AttrValue::from(format!(
                "Not drawn: {}. Their figures are withheld under the publish-safe rules.",
                self.not_drawn.join(", ")
            ))
        })
    }

    /// The chart, its description saying which groups it leaves out, so
    /// that a downloaded copy says so too.
    fn explained(&self, mut chart: Chart) -> Chart {
        if let Some(sentence) = self.sentence() {
            chart.description = format!("{} {sentence}", chart.description);
        }
        chart
    }

    /// In place of a chart with nothing to draw.
    fn nothing(&self, id: &str) -> Html {
        html! {
            <p class="app-body-s app-chart__not-drawn" id={format!("{id}-not-drawn")}>
                { format!(
                    "No chart: every group's figures are withheld under the publish-safe rules ({}).",
                    self.whole.name
                ) }
            </p>
        }
    }
}

/// A chart in a `<figure>`: its title as the caption, which groups it
/// leaves out and why (publish-safe figures), the drawing, and the table of
/// the figures it shows. `id` is the SVG's; the figure, the SVG's title and
/// description, and the table take ids made from it (`<id>-figure`,
/// `<id>-title`, `<id>-desc`, `<id>-table`).
///
/// A plain function rather than a component: the results re-render their
/// charts with their tables anyway, and each component costs the page a
/// copy of Yew's machinery.
fn chart_figure(id: &str, chart: &Chart, not_drawn: Option<AttrValue>) -> Html {
    html! {
        <figure class="app-chart" id={format!("{id}-figure")}>
            <figcaption class="app-chart__caption">{ &chart.title }</figcaption>
            if let Some(not_drawn) = not_drawn {
                <p class="app-body-s app-chart__not-drawn" id={format!("{id}-not-drawn")}>{ not_drawn }</p>
            }
            { drawing(id, chart) }
            <div class="app-results__tools app-chart__tools">
                <button type="button" class="app-button app-button--secondary app-button--small"
                    id={format!("{id}-download")} onclick={download_svg(id)}>
                    { "Download chart (SVG)" }
                    <span class="app-visually-hidden">{ format!(": {}", chart.title) }</span>
                </button>
            </div>
            { table(id, chart) }
        </figure>
    }
}

/// Saves the chart drawn as `id` as a standalone SVG file named after it,
/// as the page shows it (with the groups left out, under the publish-safe
/// rules, named in its description).
fn download_svg(id: &str) -> Callback<MouseEvent> {
    let id = id.to_string();
    Callback::from(move |_: MouseEvent| {
        if let Some(file) = svg_file(&id) {
            download(
                &format!("ips-equity-{id}.svg"),
                "image/svg+xml;charset=utf-8",
                &file,
            );
        }
    })
}

/// The SVG, drawn back to front: row highlights, gridlines, band,
/// reference line, axis, labels, whiskers and markers, legend.
fn drawing(id: &str, chart: &Chart) -> Html {
    html! {
        <svg class="app-chart__svg" id={id.to_string()}
            viewBox={format!("0 0 {} {}", number(chart.width), number(chart.height))}
            width={number(chart.width)} height={number(chart.height)}
            role="img" aria-labelledby={format!("{id}-title {id}-desc")}
            font-family={FONT_FAMILY} font-size={number(chart.font_size)} fill={TEXT_COLOUR}>
            <title id={format!("{id}-title")}>{ &chart.title }</title>
            <desc id={format!("{id}-desc")}>{ &chart.description }</desc>
            for row in chart.rows.iter() { { row_highlight(chart, row) } }
            { grid(chart) }
            for shaded in &chart.band { { band(shaded) } }
            for reference in &chart.reference_line { { reference_line(reference) } }
            { axis(chart, &chart.axis) }
            for row in chart.rows.iter() { { row_marks(chart, row) } }
            for entry in chart.legend.iter() { { legend_entry(chart, entry) } }
        </svg>
    }
}

/// A band across the whole width behind each row, shaded on hover so the
/// eye can follow a label to its markers (and named by the row's tooltip).
fn row_highlight(chart: &Chart, row: &Row) -> Html {
    element(
        "path",
        &[
            ("class", "app-chart__row-band"),
            ("fill", "none"),
            ("pointer-events", "all"),
            ("d", &rectangle(0.0, row.top, chart.width, row.bottom)),
        ],
        vec![title(&row.tooltip)],
    )
}

/// A `<title>`: the tooltip of the mark it is in.
fn title(words: &str) -> Html {
    element("title", &[], vec![text(words)])
}

fn band(band: &Band) -> Html {
    element(
        "g",
        &[("class", "app-chart__band")],
        vec![
            title(&band.label),
            element(
                "path",
                &[
                    ("class", "app-chart__band-fill"),
                    ("fill", BAND_FILL),
                    ("d", &rectangle(band.x1, band.top, band.x2, band.bottom)),
                ],
                Vec::new(),
            ),
            dashed_edge(band.x1, band.top, band.bottom),
            dashed_edge(band.x2, band.top, band.bottom),
        ],
    )
}

fn dashed_edge(x: f64, top: f64, bottom: f64) -> Html {
    line(Stroke::Dashed, [x, x, top, bottom], None)
}

/// How a [`line`] is drawn: in its group's stroke, or as one of the
/// chart's own lines.
#[derive(Clone, Copy)]
enum Stroke {
    /// The stroke of the group it is in.
    Inherited,
    /// An axis or tick.
    Plain,
    /// The reference line.
    Heavy,
    /// A band's edge.
    Dashed,
    /// A legend's interval, in the series' colour.
    Legend(&'static str),
}

/// A line from (`x1`, `y1`) to (`x2`, `y2`), given as `[x1, x2, y1, y2]`,
/// with a tooltip if any.
fn line(stroke: Stroke, [x1, x2, y1, y2]: [f64; 4], tooltip: Option<&str>) -> Html {
    let (class, colour, dashes, width) = match stroke {
        Stroke::Inherited => ("", "", "", ""),
        Stroke::Plain => ("app-chart__line", LINE_COLOUR, "", ""),
        Stroke::Heavy => ("app-chart__line", LINE_COLOUR, "", "2"),
        Stroke::Dashed => ("app-chart__line", LINE_COLOUR, "4 3", ""),
        Stroke::Legend(colour) => ("app-chart__whisker", colour, "", "2"),
    };
    element(
        "line",
        &[
            ("class", class),
            ("stroke", colour),
            ("stroke-dasharray", dashes),
            ("stroke-width", width),
            ("x1", &number(x1)),
            ("x2", &number(x2)),
            ("y1", &number(y1)),
            ("y2", &number(y2)),
        ],
        tooltip.map(title).into_iter().collect(),
    )
}

fn grid(chart: &Chart) -> Html {
    element(
        "g",
        &[("class", "app-chart__grid"), ("stroke", GRID_COLOUR)],
        chart
            .axis
            .ticks
            .iter()
            .map(|tick| {
                line(
                    Stroke::Inherited,
                    [tick.x, tick.x, chart.plot.top, chart.plot.bottom],
                    None,
                )
            })
            .collect(),
    )
}

fn reference_line(reference: &ReferenceLine) -> Html {
    let ReferenceLine { x, top, bottom, .. } = *reference;
    line(Stroke::Heavy, [x, x, top, bottom], Some(&reference.label))
}

fn axis(chart: &Chart, axis: &Axis) -> Html {
    let tick_end = axis.y + axis.tick_length;
    let mut marks = vec![line(
        Stroke::Plain,
        [chart.plot.left, chart.plot.right, axis.y, axis.y],
        None,
    )];
    for tick in &axis.ticks {
        marks.push(line(
            Stroke::Plain,
            [tick.x, tick.x, axis.y, tick_end],
            None,
        ));
        marks.push(element(
            "text",
            &[
                ("x", &number(tick.x)),
                ("y", &number(axis.tick_label_y)),
                ("text-anchor", "middle"),
                ("dominant-baseline", "central"),
            ],
            vec![text(&tick.label)],
        ));
    }
    marks.push(element(
        "text",
        &[
            ("class", "app-chart__axis-label"),
            ("x", &number(axis.label_x)),
            ("y", &number(axis.label_y)),
            ("text-anchor", "middle"),
            ("dominant-baseline", "central"),
            ("font-weight", "bold"),
        ],
        vec![text(&axis.label)],
    ));
    element("g", &[("class", "app-chart__axis")], marks)
}

/// A row's label, whiskers, markers (or arrows off the scale) and note.
fn row_marks(chart: &Chart, row: &Row) -> Html {
    let label_x = number(chart.label_x);
    let lines = row
        .label_lines
        .iter()
        .map(|line| {
            element(
                "tspan",
                &[("x", &label_x), ("y", &number(line.y))],
                vec![text(&line.text)],
            )
        })
        .collect();
    // The label lets the pointer through to the row's band below, which
    // shades and names the whole row.
    let mut marks = vec![element(
        "text",
        &[
            ("x", &label_x),
            ("text-anchor", "end"),
            ("dominant-baseline", "central"),
            ("font-weight", if row.is_reference { "bold" } else { "" }),
            ("pointer-events", "none"),
        ],
        lines,
    )];
    for point in &row.points {
        if let Some(whisker) = point.whisker {
            marks.push(whisker_marks(chart, point, whisker));
        }
    }
    marks.extend(row.points.iter().map(|point| marker(chart, point)));
    if let Some(note) = &row.note {
        let mut words = vec![text(&note.text)];
        words.extend(note.reason.as_deref().map(title));
        marks.push(element(
            "text",
            &[
                ("class", "app-chart__note"),
                ("x", &number(note.x)),
                ("y", &number(note.y)),
                (
                    "text-anchor",
                    match note.anchor {
                        Anchor::Start => "start",
                        Anchor::End => "end",
                    },
                ),
                ("dominant-baseline", "central"),
                ("font-style", "italic"),
                ("fill", LINE_COLOUR),
            ],
            words,
        ));
    }
    element("g", &[("class", "app-chart__row")], marks)
}

/// The interval as a line, with a cap at each end it reaches and an
/// arrowhead at each end it runs off the axis.
fn whisker_marks(chart: &Chart, point: &Point, whisker: Whisker) -> Html {
    let half = chart.marker_size / 2.0;
    let end = |x: f64, clipped: bool, direction: OffScale| {
        if clipped {
            let d = arrow(
                x,
                point.y,
                direction,
                0.8 * chart.marker_size,
                0.45 * chart.marker_size,
            );
            mark(point.colour, "", &d)
        } else {
            line(
                Stroke::Inherited,
                [x, x, point.y - half, point.y + half],
                None,
            )
        }
    };
    element(
        "g",
        &[
            ("class", "app-chart__whisker"),
            ("stroke", point.colour),
            ("stroke-width", "2"),
        ],
        vec![
            line(
                Stroke::Inherited,
                [whisker.x1, whisker.x2, point.y, point.y],
                None,
            ),
            end(whisker.x1, whisker.clipped_low, OffScale::Low),
            end(whisker.x2, whisker.clipped_high, OffScale::High),
        ],
    )
}

/// A marker's path `d` in `colour`, outlined in `outline` if not empty.
fn mark(colour: &str, outline: &str, d: &str) -> Html {
    element(
        "path",
        &[
            ("class", "app-chart__mark"),
            ("fill", colour),
            ("stroke", outline),
            ("stroke-width", if outline.is_empty() { "" } else { "1" }),
            ("d", d),
        ],
        Vec::new(),
    )
}

/// The point's shape, or an arrow at the axis' edge when it lies beyond.
/// A thin white outline keeps touching markers apart.
fn marker(chart: &Chart, point: &Point) -> Html {
    let d = match point.off_scale {
        Some(direction) => arrow(
            point.x,
            point.y,
            direction,
            1.2 * chart.marker_size,
            0.7 * chart.marker_size,
        ),
        None => shape_path(point.shape, point.x, point.y, chart.marker_size),
    };
    element(
        "path",
        &[
            ("class", "app-chart__mark"),
            ("fill", point.colour),
            ("stroke", "#FFFFFF"),
            ("stroke-width", "1"),
            ("d", &d),
        ],
        vec![title(&point.text)],
    )
}

fn legend_entry(chart: &Chart, entry: &LegendEntry) -> Html {
    let size = chart.marker_size;
    let mut marks = match entry.symbol {
        // A strip of the band, a little taller than wide, edged as in the plot.
        LegendSymbol::Band => {
            let (left, right) = (entry.x - size / 2.0, entry.x + size / 2.0);
            let (top, bottom) = (entry.y - 0.7 * size, entry.y + 0.7 * size);
            vec![
                element(
                    "path",
                    &[
                        ("class", "app-chart__band-fill"),
                        ("fill", entry.colour),
                        ("d", &rectangle(left, top, right, bottom)),
                    ],
                    Vec::new(),
                ),
                dashed_edge(left, top, bottom),
                dashed_edge(right, top, bottom),
            ]
        }
        // Circles are the series drawn with an interval: the legend shows
        // one through the marker, as in the plot.
        LegendSymbol::Marker(Shape::Circle) => vec![
            line(
                Stroke::Legend(entry.colour),
                [entry.x - 0.8 * size, entry.x + 0.8 * size, entry.y, entry.y],
                None,
            ),
            mark(
                entry.colour,
                "#FFFFFF",
                &shape_path(Shape::Circle, entry.x, entry.y, size),
            ),
        ],
        LegendSymbol::Marker(shape) => vec![mark(
            entry.colour,
            "#FFFFFF",
            &shape_path(shape, entry.x, entry.y, size),
        )],
    };
    marks.push(element(
        "text",
        &[
            ("x", &number(entry.text_x)),
            ("y", &number(entry.y)),
            ("dominant-baseline", "central"),
        ],
        vec![text(&entry.name)],
    ));
    element("g", &[("class", "app-chart__legend-entry")], marks)
}

/// The table behind the chart, from its columns and each row's cells: the
/// group heads its row, and columns of figures are right-aligned.
fn table(id: &str, chart: &Chart) -> Html {
    let caption_id = format!("{id}-table-caption");
    let numeric = numeric_columns(chart);
    let class = |column: usize| {
        numeric
            .get(column)
            .copied()
            .unwrap_or(false)
            .then_some("app-numeric")
    };
    html! {
        <div class="app-table-wrapper app-chart__table" tabindex="0" role="region" aria-labelledby={caption_id.clone()}>
            <table class="app-table" id={format!("{id}-table")}>
                <caption class="app-table__caption app-chart__table-caption" id={caption_id}>
                    { "The figures in the chart" }
                    <span class="app-visually-hidden">{ format!(": {}", chart.title) }</span>
                </caption>
                <thead class="app-table__head">
                    <tr>
                        for (column, name) in chart.columns.iter().enumerate() {
                            <th scope="col" class={class(column)}>{ name }</th>
                        }
                    </tr>
                </thead>
                <tbody class="app-table__body">
                    for row in chart.rows.iter() {
                        <tr>
                            for (column, cell) in row.cells.iter().enumerate() {
                                if column == 0 {
                                    <th scope="row">{ cell }</th>
                                } else {
                                    <td class={class(column)}>{ cell }</td>
                                }
                            }
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}

/// A column holds figures when every cell that says something starts with
/// one ("45.0%", "1.52", "0.80 to 1.25", "1 (reference group)") or stands
/// in for one ("not defined"); words such as "Within" or a note make it
/// text.
fn numeric_columns(chart: &Chart) -> Vec<bool> {
    (0..chart.columns.len())
        .map(|column| {
            let mut cells = chart
                .rows
                .iter()
                .filter_map(|row| row.cells.get(column))
                .filter(|cell| !cell.is_empty())
                .peekable();
            column > 0
                && cells.peek().is_some()
                && cells.all(|cell| {
                    cell == "not defined" || cell.starts_with(|c: char| c.is_ascii_digit())
                })
        })
        .collect()
}

/// An SVG path of a marker of width and height `size` centred on (`x`, `y`).
/// The diamond is the square turned by 45 degrees, so both cover the same
/// area and neither looks heavier.
fn shape_path(shape: Shape, x: f64, y: f64, size: f64) -> String {
    let half = size / 2.0;
    match shape {
        Shape::Circle => format!(
            "M{} {}a{h} {h} 0 1 0 {d} 0a{h} {h} 0 1 0 {} 0z",
            number(x - half),
            number(y),
            number(-size),
            h = number(half),
            d = number(size),
        ),
        Shape::Square => rectangle(x - half, y - half, x + half, y + half),
        Shape::Diamond => {
            let reach = half * std::f64::consts::SQRT_2;
            format!(
                "M{} {}L{} {}L{} {}L{} {}z",
                number(x),
                number(y - reach),
                number(x + reach),
                number(y),
                number(x),
                number(y + reach),
                number(x - reach),
                number(y),
            )
        }
    }
}

/// A triangle with its tip at (`x`, `y`), pointing off the scale.
fn arrow(x: f64, y: f64, direction: OffScale, length: f64, half_width: f64) -> String {
    let base = match direction {
        OffScale::Low => x + length,
        OffScale::High => x - length,
    };
    format!(
        "M{} {}L{} {}L{} {}z",
        number(x),
        number(y),
        number(base),
        number(y - half_width),
        number(base),
        number(y + half_width),
    )
}

fn rectangle(left: f64, top: f64, right: f64, bottom: f64) -> String {
    format!(
        "M{} {}H{}V{}H{}z",
        number(left),
        number(top),
        number(right),
        number(bottom),
        number(left),
    )
}

/// A coordinate to two decimals, without trailing zeros: a hundredth of a
/// user unit is finer than any screen or printer resolves.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, Options};
    use crate::disclosure::{protect, Rules};
    use crate::report::Report;

    fn breakdown(table: &str) -> BreakdownReport {
        let analysis = analyse_text(table, &Options::default());
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        analysis.report.breakdowns[0].clone()
    }

    #[test]
    fn publish_safe_charts_leave_out_the_groups_withheld_and_say_so() {
        let table = "Group,Population,IPS,Employed\nWhite,5600,560,196\nBlack,1150,175,60\nAsian,2150,140,42\nMixed,600,5,2\nOther,500,65,20\n";
        let report = breakdown(table);
        let safe = protect(
            &Report {
                breakdowns: vec![report.clone()],
                ..analyse_text(table, &Options::default()).report
            },
            &Rules::default(),
        );
        let cells = &safe.breakdowns[0];
        let drawn = Drawn::new(&report, Guard::Rules(cells), |view| view.access);
        let names: Vec<&str> = drawn
            .breakdown()
            .map(|shown| {
                shown
                    .groups
                    .iter()
                    .map(|group| group.group.as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["White", "Black", "Asian"]);
        assert_eq!(drawn.not_drawn, ["Mixed", "Other"]);
        let sentence =
            "Not drawn: Mixed, Other. Their figures are withheld under the publish-safe rules.";
        assert_eq!(drawn.sentence().as_deref(), Some(sentence));
        let chart = drawn.explained(share_chart(drawn.breakdown().unwrap_or(&report), 0.95));
        assert!(
            chart.description.ends_with(sentence),
            "{}",
            chart.description
        );
        assert_eq!(chart.rows.len(), 3);

        let open = Drawn::new(&report, Guard::Open, |view| view.access);
        assert!(open.part.is_none() && open.sentence().is_none());
        assert_eq!(open.breakdown().map(|shown| shown.groups.len()), Some(5));
        // Rules that say nothing of the breakdown draw nothing.
        let missing = Drawn::new(&report, Guard::Missing, |view| view.comparison);
        assert!(missing.breakdown().is_none());
        assert_eq!(missing.not_drawn.len(), 5);
    }

    #[test]
    fn coordinates_print_to_two_decimals_without_trailing_zeros() {
        assert_eq!(number(640.0), "640");
        assert_eq!(number(123.456_000_000_000_02), "123.46");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(-3.25), "-3.25");
    }

    #[test]
    fn markers_are_centred_on_their_point() {
        assert_eq!(
            shape_path(Shape::Circle, 100.0, 50.0, 10.0),
            "M95 50a5 5 0 1 0 10 0a5 5 0 1 0 -10 0z"
        );
        assert_eq!(
            shape_path(Shape::Square, 100.0, 50.0, 10.0),
            "M95 45H105V55H95z"
        );
        // Half a diagonal of a square of side 10 is 5 times the square root of 2.
        assert_eq!(
            shape_path(Shape::Diamond, 100.0, 50.0, 10.0),
            "M100 42.93L107.07 50L100 57.07L92.93 50z"
        );
    }

    #[test]
    fn arrows_point_off_the_scale_from_their_tip() {
        assert_eq!(
            arrow(20.0, 50.0, OffScale::Low, 12.0, 7.0),
            "M20 50L32 43L32 57z"
        );
        assert_eq!(
            arrow(600.0, 50.0, OffScale::High, 12.0, 7.0),
            "M600 50L588 43L588 57z"
        );
    }

    #[test]
    fn columns_of_figures_are_numeric_and_words_are_not() {
        let table = "Group,Population,IPS,Employed\nA,1000,80,40\nB,1000,70,0\nC,0,0,0\n";
        let report = breakdown(table);
        let share = share_chart(&report, 0.95);
        assert_eq!(numeric_columns(&share), [false, true, true, true]);
        // Group, ratio, interval, the four-fifths reading, the note. No
        // job rate interval is defined (B has no jobs, C no one in IPS),
        // yet the column still holds figures.
        let jobs = forest_plot(&report, Measure::JobRateRatio, 0.95);
        let jobs = jobs.as_ref().map(numeric_columns);
        assert_eq!(
            jobs.as_deref(),
            Some(&[false, true, true, false, false][..])
        );
        let representation = forest_plot(&report, Measure::RepresentationRatio, 0.95);
        let representation = representation.as_ref().map(numeric_columns);
        assert_eq!(
            representation.as_deref(),
            Some(&[false, true, true, false, false][..])
        );
    }
}
