//! Chart geometry: where every mark of the page's charts goes, computed here
//! in the pure core so that it is unit-tested natively.
//!
//! The page draws hand-written SVG without a charting library; its
//! components only map a [`Chart`] to elements (a row's points to circles,
//! diamonds and squares, a whisker to a line, a tick to a line and a text).
//! Every position, label and wrapped line is decided here, in SVG user
//! units; the page scales the drawing through its `viewBox`. A chart is
//! serde-serialisable so that the page and an SVG or JSON download share one
//! structure.
//!
//! Every chart carries the table behind it ([`Chart::columns`] and each
//! [`Row::cells`]), a title and a one-sentence description for the SVG's
//! `<title>` and `<desc>`, and a text for each mark's tooltip, so that no
//! figure is only in the picture. Series differ in marker shape as well as
//! colour, so nothing relies on colour alone.
//!
//! Two kinds of chart:
//! - [`share_chart`]: each group's share of people in IPS, with its
//!   interval, beside its share of the reference population;
//! - [`forest_plot`]: a ratio per group on a log scale, symmetric about 1,
//!   with the four-fifths range (0.80 to 1.25) as a band.
//!
//! Invariant: every `f64` in a chart is finite. An undefined figure gets no
//! marker and a [`RowNote`] saying why, never a NaN position.

use serde::Serialize;

use crate::report::{BreakdownReport, Flag, GroupReport, Note};
use crate::stats::Interval;
use crate::words::{confidence_label, percent, ratio_text};

/// Okabe and Ito's (2008) colour-blind-safe palette ("Color Universal
/// Design"): blue. Like the other two series colours, it has at least the
/// 3:1 contrast against white that WCAG 2.1 success criterion 1.4.11
/// (non-text contrast) asks of graphics (5.2:1; checked in the tests).
pub const BLUE: &str = "#0072B2";
/// Okabe-Ito vermillion, 3.9:1 against white.
pub const VERMILLION: &str = "#D55E00";
/// Okabe-Ito bluish green, 3.4:1 against white.
pub const BLUISH_GREEN: &str = "#009E73";
/// Labels and tick labels (GOV.UK text colour, 19.6:1 against white).
pub const TEXT_COLOUR: &str = "#0B0C0C";
/// Axis, reference line and the band's edges (GOV.UK secondary text
/// colour, 7.1:1 against white).
pub const LINE_COLOUR: &str = "#505A5F";
/// The four-fifths band's fill. Decorative: the band's edges, drawn in
/// [`LINE_COLOUR`], carry its meaning, so the fill needs no contrast.
pub const BAND_FILL: &str = "#F3F2F1";

/// Ratios beyond 1/100 and 100 run off the log axis: they are drawn at its
/// edge with an arrow, so one extreme group cannot squeeze the others.
pub const RATIO_CLAMP: f64 = 100.0;

const WIDTH: f64 = 640.0;
const FONT_SIZE: f64 = 14.0;
/// An average character is taken to be 0.6 em wide: wider than most
/// sans-serif text (Arial averages about 0.5 em), so estimates err on the
/// side of room and labels never reach the plot.
const CHAR_WIDTH: f64 = 0.6 * FONT_SIZE;
const LINE_HEIGHT: f64 = 1.2 * FONT_SIZE;
const MAX_LABEL_CHARS: usize = 22;
const MAX_LABEL_LINES: usize = 2;
/// Room for two lines of label and some air between rows.
const ROW_HEIGHT: f64 = MAX_LABEL_LINES as f64 * LINE_HEIGHT + 8.0;
const MARKER_SIZE: f64 = 10.0;
/// The share chart draws its two markers just above and below the row's
/// centre line, so that equal shares do not hide each other.
const SERIES_OFFSET: f64 = 6.0;
const PAD: f64 = 8.0;
/// Between a row's label and the plot: more than a marker's radius, so a
/// marker at the axis' start never touches a label.
const LABEL_GAP: f64 = 12.0;
const TICK_LENGTH: f64 = 6.0;
const LEGEND_SYMBOL: f64 = 12.0;
const LEGEND_TEXT_GAP: f64 = 6.0;
const LEGEND_ENTRY_GAP: f64 = 20.0;
const LEGEND_LINE_HEIGHT: f64 = LINE_HEIGHT + 4.0;
/// Positions within this fraction of the axis' length beyond its ends are
/// rounding, not data off the scale.
const SLACK: f64 = 1e-9;

/// The ratios above 1 that get a tick on a log axis, narrowest range
/// first; each is mirrored by its reciprocal below 1 (0.8, 0.5, 0.25, 0.2,
/// 0.1, 0.04, 0.01 are as round as their mirrors) and the last is the
/// axis' end. The narrowest shows the four-fifths range's own edges.
const LOG_LADDERS: [&[f64]; 6] = [
    &[Flag::UPPER],
    &[Flag::UPPER, 2.0],
    &[2.0, 4.0],
    &[2.0, 5.0, 10.0],
    &[5.0, 25.0],
    &[10.0, RATIO_CLAMP],
];

/// A marker's shape: each series has its own, so the chart reads without
/// colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Circle,
    Diamond,
    Square,
}

/// What a marker shows; each series has one colour and one shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// A group's share of people in IPS (blue circle, with its interval).
    IpsShare,
    /// A group's share of the reference population (vermillion diamond).
    PopulationShare,
    /// A group's ratio on a forest plot (blue circle, with its interval).
    Ratio,
    /// The group others are compared with, at 1 (bluish-green square).
    ReferenceGroup,
}

impl Series {
    /// The series' marker shape.
    pub fn shape(self) -> Shape {
        match self {
            Series::IpsShare | Series::Ratio => Shape::Circle,
            Series::PopulationShare => Shape::Diamond,
            Series::ReferenceGroup => Shape::Square,
        }
    }

    /// The series' colour, as `#RRGGBB`.
    pub fn colour(self) -> &'static str {
        match self {
            Series::IpsShare | Series::Ratio => BLUE,
            Series::PopulationShare => VERMILLION,
            Series::ReferenceGroup => BLUISH_GREEN,
        }
    }
}

/// Which ratio a forest plot shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// `access.representation_ratio`: a group's share of people in IPS
    /// over its share of the reference population (SPEC section 2).
    RepresentationRatio,
    /// `outcome.ratio`: a group's job rate over the reference group's
    /// (SPEC section 3).
    JobRateRatio,
}

impl Measure {
    fn name(self) -> &'static str {
        match self {
            Measure::RepresentationRatio => "Representation ratio",
            Measure::JobRateRatio => "Job rate ratio",
        }
    }

    fn figures(self, group: &GroupReport) -> (Option<f64>, Option<Interval>) {
        match self {
            Measure::RepresentationRatio => (
                group.access.representation_ratio,
                group.access.representation_ratio_ci,
            ),
            Measure::JobRateRatio => group
                .outcome
                .as_ref()
                .map_or((None, None), |outcome| (outcome.ratio, outcome.ratio_ci)),
        }
    }

    /// Representation ratios compare each group with the population, so
    /// only job rates have a reference group.
    fn is_reference(self, group: &GroupReport) -> bool {
        self == Measure::JobRateRatio && group.is_reference
    }

    /// The notes that explain why this measure is missing for a group.
    fn explains(self, note: &Note) -> bool {
        match self {
            Measure::RepresentationRatio => matches!(note, Note::NoPopulation | Note::NoOneInIps),
            Measure::JobRateRatio => matches!(
                note,
                Note::NoOneInIps
                    | Note::ReferenceHasNoIps
                    | Note::ReferenceHasNoJobs
                    | Note::NoJobs
            ),
        }
    }
}

/// A horizontal axis' scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Linear,
    Log,
}

/// Which end of the axis a value runs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffScale {
    Low,
    High,
}

/// SVG `text-anchor` of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Start,
    End,
}

/// A chart, every position in SVG user units from the top left corner.
/// Texts are positioned by their vertical centre (SVG
/// `dominant-baseline="central"`).
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::charts::{share_chart, Shape};
///
/// let analysis = analyse_text("Sex,Population,IPS\nWomen,600,45\nMen,400,55\n", &Options::default());
/// let chart = share_chart(&analysis.report.breakdowns[0], 0.95);
/// let women = &chart.rows[0];
/// assert_eq!(women.cells, ["Women", "45.0%", "35.6% to 54.8%", "60.0%"]);
/// assert_eq!(women.points[1].shape, Shape::Diamond);
/// assert!(women.points.iter().all(|point| chart.plot.left <= point.x && point.x <= chart.plot.right));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// For the SVG's `<title>` (and `aria-labelledby`).
    pub title: String,
    /// One sentence for the SVG's `<desc>` (and `aria-describedby`).
    pub description: String,
    /// The `viewBox` is `0 0 width height`.
    pub width: f64,
    pub height: f64,
    pub font_size: f64,
    /// A marker's width and height.
    pub marker_size: f64,
    pub margin: Margin,
    /// The plot area: the margins' inside edges.
    pub plot: Rect,
    pub axis: Axis,
    /// Where the row labels end (they are drawn with `text-anchor="end"`).
    pub label_x: f64,
    pub rows: Vec<Row>,
    pub legend: Vec<LegendEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_line: Option<ReferenceLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// The header of the table behind the chart; each row's `cells` match it.
    pub columns: Vec<String>,
}

/// The space around the plot area, for the labels, legend and axis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Margin {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

/// A rectangle, by its edges.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// The horizontal axis, drawn along the plot's bottom edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub scale: Scale,
    /// "Share of people (%)", "Representation ratio (log scale)".
    pub label: String,
    /// The values at the plot's left and right edges.
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<Tick>,
    /// The axis line's height.
    pub y: f64,
    /// Tick marks run from `y` to `y + tick_length`.
    pub tick_length: f64,
    pub tick_label_y: f64,
    /// The axis label's centre.
    pub label_x: f64,
    pub label_y: f64,
}

/// A tick mark and its label below the axis (with a gridline, if the
/// page draws them, across the plot).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    /// In the data's units: a share (0.1 for 10%) or a ratio.
    pub value: f64,
    pub x: f64,
    /// "10%", "0.25".
    pub label: String,
}

/// One group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The group's label in full, for the table and tooltip.
    pub label: String,
    /// The label as drawn: wrapped, and shortened with "…" if it needs
    /// more than two lines, within the width left of the plot.
    pub label_lines: Vec<TextLine>,
    /// The row's centre line, and its band (for striping and hover).
    pub y: f64,
    pub top: f64,
    pub bottom: f64,
    /// The row is the group the chart compares the others with (job rate
    /// ratios only), drawn at 1.
    pub is_reference: bool,
    /// Nothing for an undefined figure.
    pub points: Vec<Point>,
    /// Why a figure has no marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<RowNote>,
    /// The row's figures in a sentence, for a tooltip.
    pub tooltip: String,
    /// The row of the table behind the chart, matching [`Chart::columns`].
    pub cells: Vec<String>,
}

/// A line of text, centred vertically on `y`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    pub text: String,
    pub y: f64,
}

/// A marker, centred on (`x`, `y`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub series: Series,
    pub shape: Shape,
    /// `#RRGGBB`.
    pub colour: &'static str,
    pub x: f64,
    pub y: f64,
    /// Set when the value lies beyond the axis (a ratio of 0 on a log
    /// scale, or beyond [`RATIO_CLAMP`]): the marker is at the edge and
    /// the page draws an arrow pointing off the scale instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_scale: Option<OffScale>,
    /// The confidence interval, at the marker's height.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whisker: Option<Whisker>,
    /// The value in words, for the marker's `<title>`.
    pub text: String,
}

/// A confidence interval from `x1` to `x2`. An end that runs off the axis
/// is drawn at the edge, flagged so that the page draws an arrowhead there
/// rather than a cap.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Whisker {
    pub x1: f64,
    pub x2: f64,
    /// The interval continues beyond the axis' left end.
    pub clipped_low: bool,
    /// The interval continues beyond the axis' right end.
    pub clipped_high: bool,
}

/// Written in a row instead of a marker: "Not defined", with the reason
/// (from the group's notes) for the tooltip and table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowNote {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub x: f64,
    pub y: f64,
    pub anchor: Anchor,
}

/// What a legend entry's symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LegendSymbol {
    Marker(Shape),
    /// A small swatch of the band: [`BAND_FILL`] edged in [`LINE_COLOUR`].
    Band,
}

/// A legend entry: its symbol centred on (`x`, `y`), its name starting at
/// `text_x`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LegendEntry {
    pub symbol: LegendSymbol,
    pub colour: &'static str,
    pub name: String,
    pub x: f64,
    pub text_x: f64,
    pub y: f64,
}

/// The vertical line at a ratio of 1 (no difference).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceLine {
    pub value: f64,
    pub x: f64,
    pub top: f64,
    pub bottom: f64,
    /// What 1 means here, for the line's `<title>`.
    pub label: String,
}

/// The four-fifths range, 0.80 to 1.25, as a shaded band with dashed edges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub lower: f64,
    pub upper: f64,
    pub x1: f64,
    pub x2: f64,
    pub top: f64,
    pub bottom: f64,
    pub label: String,
}

/// The share chart: each group's share of people in IPS (circle, with its
/// Wilson interval as a whisker) beside its share of the reference
/// population (diamond), on a linear percentage axis from 0 to a round
/// number above every interval. Groups keep their input order.
///
/// `confidence` only labels the intervals; the report already holds them.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::charts::share_chart;
///
/// let analysis = analyse_text("Group,Population,IPS\nA,600,30\nB,400,20\n", &Options::default());
/// let chart = share_chart(&analysis.report.breakdowns[0], 0.95);
/// let labels: Vec<&str> = chart.axis.ticks.iter().map(|tick| tick.label.as_str()).collect();
/// assert_eq!(labels, ["0%", "20%", "40%", "60%", "80%"]);
/// ```
pub fn share_chart(breakdown: &BreakdownReport, confidence: f64) -> Chart {
    let level = confidence_label(confidence);
    let largest = breakdown
        .groups
        .iter()
        .flat_map(|group| {
            let access = &group.access;
            [
                access.ips_share,
                access.population_share,
                access.ips_share_ci.map_or(0.0, |ci| ci.upper),
            ]
        })
        .filter(|value| value.is_finite())
        .fold(0.0, f64::max);
    let scale = nice_scale(0.0, largest * 100.0);
    let tick_labels: Vec<String> = scale.labels().map(|label| format!("{label}%")).collect();
    let legend = [
        (
            LegendSymbol::Marker(Series::IpsShare.shape()),
            Series::IpsShare.colour(),
            format!("People in IPS, with {level} confidence interval"),
        ),
        (
            LegendSymbol::Marker(Series::PopulationShare.shape()),
            Series::PopulationShare.colour(),
            "Reference population".to_string(),
        ),
    ];
    let frame = Frame::new(&labels(breakdown), &legend, &tick_labels);
    let placement = Placement {
        mapping: Mapping::Linear {
            min: scale.first() / 100.0,
            max: scale.last() / 100.0,
        },
        left: frame.plot.left,
        right: frame.plot.right,
    };
    let ticks = scale
        .values
        .iter()
        .zip(tick_labels)
        .map(|(&value, label)| {
            let value = value / 100.0;
            Tick {
                value,
                x: placement.place(value).0,
                label,
            }
        })
        .collect();

    let rows = breakdown
        .groups
        .iter()
        .zip(frame.rows())
        .map(|(group, (y, top, bottom, label_lines))| {
            let access = &group.access;
            let interval = access
                .ips_share_ci
                .map(|ci| format!("{} to {}", percent(ci.lower), percent(ci.upper)));
            let (population_x, population_off) = placement.place(access.population_share);
            let population = Point {
                series: Series::PopulationShare,
                shape: Series::PopulationShare.shape(),
                colour: Series::PopulationShare.colour(),
                x: population_x,
                y: y + SERIES_OFFSET,
                off_scale: population_off,
                whisker: None,
                text: format!(
                    "{} of the reference population",
                    percent(access.population_share)
                ),
            };
            let ips_text = interval.as_ref().map(|interval| {
                format!(
                    "{} of people in IPS ({level} CI {interval})",
                    percent(access.ips_share)
                )
            });
            let (points, note) = match access.ips_share_ci.zip(ips_text.clone()) {
                Some((ci, text)) => {
                    let (x, off_scale) = placement.place(access.ips_share);
                    let ips = Point {
                        series: Series::IpsShare,
                        shape: Series::IpsShare.shape(),
                        colour: Series::IpsShare.colour(),
                        x,
                        y: y - SERIES_OFFSET,
                        off_scale,
                        whisker: Some(placement.whisker(ci)),
                        text,
                    };
                    (vec![ips, population], None)
                }
                None => {
                    let note = note_beside(
                        "Not defined",
                        reason(group, |note| matches!(note, Note::NoOneInIps)),
                        population_x,
                        y,
                        &frame.plot,
                    );
                    (vec![population], Some(note))
                }
            };
            let ips_text =
                ips_text.unwrap_or_else(|| "share of people in IPS not defined".to_string());
            Row {
                label: group.group.clone(),
                label_lines,
                y,
                top,
                bottom,
                is_reference: false,
                points,
                note,
                tooltip: format!(
                    "{}: {ips_text}; {} of the reference population.",
                    group.group,
                    percent(access.population_share)
                ),
                cells: vec![
                    group.group.clone(),
                    if interval.is_some() {
                        percent(access.ips_share)
                    } else {
                        "not defined".to_string()
                    },
                    interval.unwrap_or_else(|| "not defined".to_string()),
                    percent(access.population_share),
                ],
            }
        })
        .collect();

    Chart {
        title: format!("{}: share of people in IPS and of the reference population", breakdown.name),
        description: format!(
            "For each {} group, its share of people in IPS (blue circles, with {level} confidence intervals) and its share of the reference population (vermillion diamonds).",
            breakdown.name
        ),
        width: WIDTH,
        height: frame.height,
        font_size: FONT_SIZE,
        marker_size: MARKER_SIZE,
        margin: frame.margin,
        plot: frame.plot,
        axis: frame.axis(Scale::Linear, "Share of people (%)", &placement, ticks),
        label_x: frame.label_x,
        rows,
        legend: frame.legend,
        reference_line: None,
        band: None,
        columns: vec![
            "Group".to_string(),
            "Share of people in IPS".to_string(),
            format!("{level} confidence interval"),
            "Share of the reference population".to_string(),
        ],
    }
}

/// A forest plot of one ratio per group: a circle at the ratio with its
/// confidence interval as a whisker, on a log scale symmetric about 1 (a
/// ratio and its reciprocal lie equally far from the reference line), with
/// the four-fifths range, 0.80 to 1.25, as a band. Groups keep their input
/// order.
///
/// For job rate ratios the reference group is a square at 1, without an
/// interval. A group whose ratio or interval is undefined gets no marker
/// and a "Not defined" note with the reason from its notes. Intervals
/// beyond 1/[`RATIO_CLAMP`] to [`RATIO_CLAMP`] (or down to a ratio of 0)
/// run to the axis' edge with an arrow flag.
///
/// `None` when no group has the ratio at all: no `employed` column, or a
/// reference group with no one in a job.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::charts::{forest_plot, Measure, Shape};
///
/// let table = "Group,Population,IPS,Employed\nA,1000,80,40\nB,1000,70,21\n";
/// let analysis = analyse_text(table, &Options::default());
/// let chart = forest_plot(&analysis.report.breakdowns[0], Measure::JobRateRatio, 0.95).unwrap();
/// let line = chart.reference_line.as_ref().unwrap();
/// assert_eq!(chart.rows[0].points[0].shape, Shape::Square);
/// assert_eq!(chart.rows[0].points[0].x, line.x);
/// assert_eq!(chart.rows[1].cells[1], "0.60");
/// assert!(chart.rows[1].points[0].x < line.x);
///
/// let no_jobs_column = analyse_text("Group,Population,IPS\nA,1000,80\nB,1000,70\n", &Options::default());
/// assert!(forest_plot(&no_jobs_column.report.breakdowns[0], Measure::JobRateRatio, 0.95).is_none());
/// ```
pub fn forest_plot(
    breakdown: &BreakdownReport,
    measure: Measure,
    confidence: f64,
) -> Option<Chart> {
    let compared = |group: &&GroupReport| !measure.is_reference(group);
    if !breakdown
        .groups
        .iter()
        .filter(compared)
        .any(|group| measure.figures(group).0.is_some())
    {
        return None;
    }
    let level = confidence_label(confidence);
    let name = measure.name();
    let reference = breakdown
        .groups
        .iter()
        .find(|group| measure.is_reference(group));

    let extent = breakdown
        .groups
        .iter()
        .filter(compared)
        .filter_map(|group| match measure.figures(group) {
            (Some(ratio), Some(ci)) => Some([ratio, ci.lower, ci.upper]),
            _ => None,
        })
        .flatten()
        .filter(|&value| value > 0.0 && value.is_finite())
        .map(|value| value.max(1.0 / value))
        .fold(1.0, f64::max);
    let ladder = log_ladder(extent);
    let tick_values: Vec<f64> = ladder
        .iter()
        .rev()
        .map(|&ratio| 1.0 / ratio)
        .chain(std::iter::once(1.0))
        .chain(ladder.iter().copied())
        .collect();
    let tick_labels: Vec<String> = tick_values.iter().map(|value| value.to_string()).collect();
    let end = ladder.last().copied().unwrap_or(RATIO_CLAMP);

    let mut legend = vec![(
        LegendSymbol::Marker(Series::Ratio.shape()),
        Series::Ratio.colour(),
        format!("{name}, with {level} confidence interval"),
    )];
    if reference.is_some() {
        legend.push((
            LegendSymbol::Marker(Series::ReferenceGroup.shape()),
            Series::ReferenceGroup.colour(),
            "Reference group".to_string(),
        ));
    }
    legend.push((LegendSymbol::Band, BAND_FILL, four_fifths_label()));
    let frame = Frame::new(&labels(breakdown), &legend, &tick_labels);
    let placement = Placement {
        mapping: Mapping::Log {
            half_range: end.ln(),
        },
        left: frame.plot.left,
        right: frame.plot.right,
    };
    let ticks = tick_values
        .iter()
        .zip(tick_labels)
        .map(|(&value, label)| Tick {
            value,
            x: placement.place(value).0,
            label,
        })
        .collect();

    let rows = breakdown
        .groups
        .iter()
        .zip(frame.rows())
        .map(|(group, (y, top, bottom, label_lines))| {
            let (points, note, tooltip, cells) = if measure.is_reference(group) {
                reference_row(group, placement.place(1.0).0, y)
            } else {
                compared_row(group, measure, &level, &placement, y, &frame.plot)
            };
            Row {
                label: group.group.clone(),
                label_lines,
                y,
                top,
                bottom,
                is_reference: measure.is_reference(group),
                points,
                note,
                tooltip,
                cells,
            }
        })
        .collect();

    let (title, meaning, description) = match measure {
        Measure::JobRateRatio => {
            let compared_with = reference.map_or("the reference group", |group| group.group.as_str());
            let reference_phrase = reference.map_or("the reference group".to_string(), |group| {
                format!("the reference group, {}", group.group)
            });
            (
                format!("{}: job rates compared with {compared_with}", breakdown.name),
                format!("1: the same job rate as {compared_with}"),
                format!(
                    "The job rate of each {} group divided by that of {reference_phrase}, with {level} confidence intervals, on a log scale: 1 means the same job rate, and the shaded band marks the four-fifths range, 0.80 to 1.25.",
                    breakdown.name
                ),
            )
        }
        Measure::RepresentationRatio => (
            format!("{}: representation in IPS", breakdown.name),
            "1: the same share as in the reference population".to_string(),
            format!(
                "The representation ratio of each {} group (its share of people in IPS divided by its share of the reference population), with {level} confidence intervals, on a log scale: 1 means IPS reaches the group in proportion, and the shaded band marks the four-fifths range, 0.80 to 1.25.",
                breakdown.name
            ),
        ),
    };
    let plot = frame.plot;
    Some(Chart {
        title,
        description,
        width: WIDTH,
        height: frame.height,
        font_size: FONT_SIZE,
        marker_size: MARKER_SIZE,
        margin: frame.margin,
        plot,
        axis: frame.axis(
            Scale::Log,
            &format!("{name} (log scale)"),
            &placement,
            ticks,
        ),
        label_x: frame.label_x,
        rows,
        legend: frame.legend,
        reference_line: Some(ReferenceLine {
            value: 1.0,
            x: placement.place(1.0).0,
            top: plot.top,
            bottom: plot.bottom,
            label: meaning,
        }),
        band: Some(Band {
            lower: Flag::LOWER,
            upper: Flag::UPPER,
            x1: placement.place(Flag::LOWER).0,
            x2: placement.place(Flag::UPPER).0,
            top: plot.top,
            bottom: plot.bottom,
            label: four_fifths_label(),
        }),
        columns: vec![
            "Group".to_string(),
            name.to_string(),
            format!("{level} confidence interval"),
            "Compared with the four-fifths range (0.80 to 1.25)".to_string(),
            "Note".to_string(),
        ],
    })
}

/// A row's marks and texts: points, note, tooltip and table cells.
type RowContent = (Vec<Point>, Option<RowNote>, String, Vec<String>);

fn reference_row(group: &GroupReport, x: f64, y: f64) -> RowContent {
    let rate = group
        .outcome
        .as_ref()
        .and_then(|outcome| outcome.rate)
        .map(|rate| format!(", with a job rate of {}", percent(rate)))
        .unwrap_or_default();
    let point = Point {
        series: Series::ReferenceGroup,
        shape: Series::ReferenceGroup.shape(),
        colour: Series::ReferenceGroup.colour(),
        x,
        y,
        off_scale: None,
        whisker: None,
        text: "Reference group (ratio 1)".to_string(),
    };
    (
        vec![point],
        None,
        format!(
            "{}: the reference group{rate}; the other groups' job rates are compared with it.",
            group.group
        ),
        vec![
            group.group.clone(),
            "1 (reference group)".to_string(),
            String::new(),
            String::new(),
            String::new(),
        ],
    )
}

fn compared_row(
    group: &GroupReport,
    measure: Measure,
    level: &str,
    placement: &Placement,
    y: f64,
    plot: &Rect,
) -> RowContent {
    let name = measure.name();
    let why = reason(group, |note| measure.explains(note));
    let not_defined = |text: &str, ratio: Option<f64>| {
        let note = RowNote {
            text: text.to_string(),
            reason: why.clone(),
            x: plot.left + PAD,
            y,
            anchor: Anchor::Start,
        };
        let ratio_cell = ratio.map_or_else(|| "not defined".to_string(), ratio_text);
        let tooltip = match ratio {
            Some(ratio) => format!(
                "{}: {} {}; its confidence interval is not defined.",
                group.group,
                name.to_lowercase(),
                ratio_text(ratio)
            ),
            None => format!("{}: {} not defined.", group.group, name.to_lowercase()),
        };
        let tooltip = match &why {
            Some(why) => format!("{tooltip} {why}"),
            None => tooltip,
        };
        let cells = vec![
            group.group.clone(),
            ratio_cell,
            "not defined".to_string(),
            ratio.map(four_fifths_reading).unwrap_or_default(),
            why.clone().unwrap_or_default(),
        ];
        (Vec::new(), Some(note), tooltip, cells)
    };
    match measure.figures(group) {
        (None, _) => not_defined("Not defined", None),
        (Some(ratio), None) => not_defined("Interval not defined", Some(ratio)),
        (Some(ratio), Some(ci)) => {
            let interval = format!("{} to {}", ratio_text(ci.lower), ratio_text(ci.upper));
            let reading = four_fifths_reading(ratio);
            let (x, off_scale) = placement.place(ratio);
            let point = Point {
                series: Series::Ratio,
                shape: Series::Ratio.shape(),
                colour: Series::Ratio.colour(),
                x,
                y,
                off_scale,
                whisker: Some(placement.whisker(ci)),
                text: format!("{} ({level} CI {interval})", ratio_text(ratio)),
            };
            let tooltip = format!(
                "{}: {} {} ({level} CI {interval}), {} the four-fifths range.",
                group.group,
                name.to_lowercase(),
                ratio_text(ratio),
                reading.to_lowercase()
            );
            let cells = vec![
                group.group.clone(),
                ratio_text(ratio),
                interval,
                reading,
                String::new(),
            ];
            (vec![point], None, tooltip, cells)
        }
    }
}

fn four_fifths_label() -> String {
    format!(
        "Four-fifths range, {} to {}",
        ratio_text(Flag::LOWER),
        ratio_text(Flag::UPPER)
    )
}

fn four_fifths_reading(ratio: f64) -> String {
    match Flag::for_ratio(Some(ratio)) {
        Some(Flag::Below) => "Below",
        Some(Flag::Above) => "Above",
        None => "Within",
    }
    .to_string()
}

/// The first of the group's notes that explains a missing figure, worded.
fn reason(group: &GroupReport, explains: impl Fn(&Note) -> bool) -> Option<String> {
    group
        .notes
        .iter()
        .find(|note| explains(note))
        .map(ToString::to_string)
}

/// A note beside a marker at `x`: to its right if it fits, else to its left.
fn note_beside(text: &str, reason: Option<String>, x: f64, y: f64, plot: &Rect) -> RowNote {
    let fits_right = x + MARKER_SIZE + text_width(text) <= plot.right;
    RowNote {
        text: text.to_string(),
        reason,
        x: if fits_right {
            x + MARKER_SIZE
        } else {
            x - MARKER_SIZE
        },
        y,
        anchor: if fits_right {
            Anchor::Start
        } else {
            Anchor::End
        },
    }
}

fn labels(breakdown: &BreakdownReport) -> Vec<&str> {
    breakdown
        .groups
        .iter()
        .map(|group| group.group.as_str())
        .collect()
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// The narrowest tick ladder whose end covers `extent` (the largest of
/// every ratio and every ratio's reciprocal), capped at [`RATIO_CLAMP`].
fn log_ladder(extent: f64) -> &'static [f64] {
    let extent = extent.min(RATIO_CLAMP);
    LOG_LADDERS
        .iter()
        .copied()
        .find(|ladder| {
            ladder
                .last()
                .is_some_and(|&end| extent <= end * (1.0 + SLACK))
        })
        .unwrap_or(LOG_LADDERS[LOG_LADDERS.len() - 1])
}

/// The layout before any data is placed: margins sized to the labels, the
/// legend and the outermost tick labels; one row per label.
struct Frame {
    margin: Margin,
    plot: Rect,
    height: f64,
    label_x: f64,
    label_lines: Vec<Vec<String>>,
    legend: Vec<LegendEntry>,
}

impl Frame {
    fn new(
        labels: &[&str],
        legend: &[(LegendSymbol, &'static str, String)],
        tick_labels: &[String],
    ) -> Frame {
        let mut entries = Vec::with_capacity(legend.len());
        let mut x = PAD;
        let mut line = 0usize;
        for (symbol, colour, name) in legend {
            let width = LEGEND_SYMBOL + LEGEND_TEXT_GAP + text_width(name);
            if x > PAD && x + width > WIDTH - PAD {
                line += 1;
                x = PAD;
            }
            entries.push(LegendEntry {
                symbol: *symbol,
                colour,
                name: name.clone(),
                x: x + LEGEND_SYMBOL / 2.0,
                text_x: x + LEGEND_SYMBOL + LEGEND_TEXT_GAP,
                y: PAD + (line as f64 + 0.5) * LEGEND_LINE_HEIGHT,
            });
            x += width + LEGEND_ENTRY_GAP;
        }
        let legend_height = if entries.is_empty() {
            0.0
        } else {
            (line + 1) as f64 * LEGEND_LINE_HEIGHT
        };

        let label_lines: Vec<Vec<String>> = labels
            .iter()
            .map(|label| wrap_label(label, MAX_LABEL_CHARS, MAX_LABEL_LINES))
            .collect();
        let label_width = label_lines
            .iter()
            .flatten()
            .map(|line| text_width(line))
            .fold(0.0, f64::max);
        let half_tick = |label: Option<&String>| label.map_or(0.0, |label| text_width(label) / 2.0);
        let margin_top = PAD + legend_height + PAD;
        let left = (PAD + label_width + LABEL_GAP).max(PAD + half_tick(tick_labels.first()));
        let right = PAD + half_tick(tick_labels.last()).max(MARKER_SIZE);
        let bottom_margin = TICK_LENGTH + 4.0 + LINE_HEIGHT + 4.0 + LINE_HEIGHT + PAD;
        let plot = Rect {
            left,
            top: margin_top,
            right: WIDTH - right,
            bottom: margin_top + labels.len() as f64 * ROW_HEIGHT,
        };
        Frame {
            margin: Margin {
                top: margin_top,
                right,
                bottom: bottom_margin,
                left,
            },
            plot,
            height: plot.bottom + bottom_margin,
            label_x: left - LABEL_GAP,
            label_lines,
            legend: entries,
        }
    }

    /// Each row's centre, top, bottom and label lines.
    fn rows(&self) -> impl Iterator<Item = (f64, f64, f64, Vec<TextLine>)> + '_ {
        self.label_lines.iter().enumerate().map(|(index, lines)| {
            let top = self.plot.top + index as f64 * ROW_HEIGHT;
            let y = top + ROW_HEIGHT / 2.0;
            let middle = (lines.len() as f64 - 1.0) / 2.0;
            let lines = lines
                .iter()
                .enumerate()
                .map(|(line, text)| TextLine {
                    text: text.clone(),
                    y: y + (line as f64 - middle) * LINE_HEIGHT,
                })
                .collect();
            (y, top, top + ROW_HEIGHT, lines)
        })
    }

    fn axis(&self, scale: Scale, label: &str, placement: &Placement, ticks: Vec<Tick>) -> Axis {
        let tick_label_y = self.plot.bottom + TICK_LENGTH + 4.0 + LINE_HEIGHT / 2.0;
        Axis {
            scale,
            label: label.to_string(),
            min: placement.value_at_left(),
            max: placement.value_at_right(),
            ticks,
            y: self.plot.bottom,
            tick_length: TICK_LENGTH,
            tick_label_y,
            label_x: (self.plot.left + self.plot.right) / 2.0,
            label_y: tick_label_y + LINE_HEIGHT + 4.0,
        }
    }
}

/// How values map to the plot's width.
#[derive(Debug, Clone, Copy)]
enum Mapping {
    /// `min` at the left edge, `max` at the right.
    Linear { min: f64, max: f64 },
    /// 1 in the middle; e^half_range at the right edge and its reciprocal
    /// at the left, so that r and 1/r lie equally far from 1.
    Log { half_range: f64 },
}

#[derive(Debug, Clone, Copy)]
struct Placement {
    mapping: Mapping,
    left: f64,
    right: f64,
}

impl Placement {
    /// Where `value` lies along the axis: 0 at the left edge, 1 at the right
    /// (beyond those when off the scale; minus infinity for a ratio of 0).
    fn fraction(&self, value: f64) -> f64 {
        match self.mapping {
            Mapping::Linear { min, max } => (value - min) / (max - min),
            Mapping::Log { half_range } if value > 0.0 => 0.5 + value.ln() / (2.0 * half_range),
            Mapping::Log { .. } => f64::NEG_INFINITY,
        }
    }

    /// The x of `value`, at the nearer edge (and flagged) when off the scale.
    fn place(&self, value: f64) -> (f64, Option<OffScale>) {
        let fraction = self.fraction(value);
        if fraction.is_nan() || fraction < -SLACK {
            (self.left, Some(OffScale::Low))
        } else if fraction > 1.0 + SLACK {
            (self.right, Some(OffScale::High))
        } else {
            (
                self.left + fraction.clamp(0.0, 1.0) * (self.right - self.left),
                None,
            )
        }
    }

    fn whisker(&self, interval: Interval) -> Whisker {
        let (x1, lower_off) = self.place(interval.lower);
        let (x2, upper_off) = self.place(interval.upper);
        Whisker {
            x1,
            x2,
            clipped_low: lower_off == Some(OffScale::Low),
            clipped_high: upper_off == Some(OffScale::High),
        }
    }

    fn value_at_left(&self) -> f64 {
        match self.mapping {
            Mapping::Linear { min, .. } => min,
            Mapping::Log { half_range } => (-half_range).exp(),
        }
    }

    fn value_at_right(&self) -> f64 {
        match self.mapping {
            Mapping::Linear { max, .. } => max,
            Mapping::Log { half_range } => half_range.exp(),
        }
    }
}

/// Round tick values covering a range, and how many decimals their labels need.
#[derive(Debug, Clone, PartialEq)]
struct NiceScale {
    values: Vec<f64>,
    decimals: usize,
}

impl NiceScale {
    fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }

    /// "0", "2.5", "5": the step's decimals, without trailing zeros.
    fn labels(&self) -> impl Iterator<Item = String> + '_ {
        self.values.iter().map(|value| {
            let text = format!("{:.*}", self.decimals, value);
            if text.contains('.') {
                text.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                text
            }
        })
    }
}

/// Round tick values from at or below `lower` to at or above `upper`,
/// evenly spaced by 1, 2, 2.5 or 5 times a power of ten: the widest such
/// step that leaves at most seven ticks, which always leaves at least four
/// (Heckbert's "nice numbers" idea, 1990, with 2.5 added so that ranges
/// such as 0 to 15 need not jump to 0 to 20).
///
/// The values are exact decimals (each is an integer times a power of ten,
/// rounded once), so 0.3 is 0.3, not 0.30000000000000004. Reversed bounds
/// are swapped; an empty or non-finite range gets a sensible default.
///
/// ```
/// use ips_equity::charts::nice_ticks;
/// assert_eq!(nice_ticks(0.0, 17.5), [0.0, 5.0, 10.0, 15.0, 20.0]);
/// assert_eq!(nice_ticks(0.0, 14.0), [0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0]);
/// assert_eq!(nice_ticks(0.12, 0.48), [0.1, 0.2, 0.3, 0.4, 0.5]);
/// ```
pub fn nice_ticks(lower: f64, upper: f64) -> Vec<f64> {
    nice_scale(lower, upper).values
}

fn nice_scale(lower: f64, upper: f64) -> NiceScale {
    const MAX_INTERVALS: f64 = 6.0;
    let (lower, upper) = if lower.is_finite() && upper.is_finite() {
        (lower.min(upper), lower.max(upper))
    } else {
        (0.0, 1.0)
    };
    let (lower, upper) = if upper > lower {
        (lower, upper)
    } else if lower == 0.0 {
        (0.0, 1.0)
    } else {
        let half = lower.abs() / 10.0;
        (lower - half, upper + half)
    };
    // Start at a step giving dozens of intervals, so the first acceptable
    // step follows one that gave too many.
    let first_exponent = ((upper - lower) / 60.0).log10().floor() as i32;
    for exponent in first_exponent..first_exponent + 4 {
        for (mantissa, shift) in [(1.0, 0), (2.0, 0), (25.0, -1), (5.0, 0)] {
            let step = Step {
                mantissa,
                exponent: exponent + shift,
            };
            let size = step.value(1.0);
            if !(size > 0.0 && size.is_finite()) {
                continue;
            }
            let mut first = (lower / size).floor() + 0.0;
            if step.value(first) > lower {
                first -= 1.0;
            }
            if step.value(first + 1.0) <= lower {
                first += 1.0;
            }
            let mut last = (upper / size).ceil() + 0.0;
            if step.value(last) < upper {
                last += 1.0;
            }
            if step.value(last - 1.0) >= upper {
                last -= 1.0;
            }
            let intervals = last - first;
            if intervals <= MAX_INTERVALS {
                return NiceScale {
                    values: (0..=intervals as usize)
                        .map(|index| step.value(first + index as f64))
                        .collect(),
                    decimals: (-step.exponent).max(0) as usize,
                };
            }
        }
    }
    NiceScale {
        values: vec![lower, upper],
        decimals: 2,
    }
}

/// A tick step, `mantissa` x 10^`exponent` with an integer mantissa, so that
/// multiples of it are computed from integers and rounded once.
#[derive(Debug, Clone, Copy)]
struct Step {
    mantissa: f64,
    exponent: i32,
}

impl Step {
    fn value(&self, multiple: f64) -> f64 {
        let whole = multiple * self.mantissa;
        if self.exponent >= 0 {
            whole * 10f64.powi(self.exponent)
        } else {
            whole / 10f64.powi(-self.exponent)
        }
    }
}

/// A label as lines of at most `max_chars` characters, broken between words
/// (a word longer than a line is broken inside it), and at most `max_lines`
/// of them, the last ending in "…" when the label does not fit.
fn wrap_label(label: &str, max_chars: usize, max_lines: usize) -> Vec<String> {
    let max_chars = max_chars.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for word in label.split_whitespace() {
        let characters: Vec<char> = word.chars().collect();
        for piece in characters.chunks(max_chars) {
            if current_chars > 0 && current_chars + 1 + piece.len() <= max_chars {
                current.push(' ');
                current.extend(piece);
                current_chars += 1 + piece.len();
            } else {
                if current_chars > 0 {
                    lines.push(std::mem::take(&mut current));
                }
                current.extend(piece);
                current_chars = piece.len();
            }
        }
    }
    if current_chars > 0 {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(max_chars - 1).collect();
            *last = format!("{}\u{2026}", kept.trim_end());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, Options};

    const EXAMPLE: &str = "Ethnicity,Population,IPS,Employed
White,5600,560,196
Black,1150,175,60
Asian,2150,140,42
Mixed,600,60,24
Other,500,65,20
Not known,1350,47,14
";

    /// B has no one in IPS; C has no one in a job; D has no population.
    const AWKWARD: &str = "Group,Population percent,IPS,Employed
A,50,100,30
B,30,0,0
C,20,20,0
D,0,15,5
";

    fn breakdown(table: &str) -> BreakdownReport {
        let analysis = analyse_text(table, &Options::default());
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        analysis
            .report
            .breakdowns
            .into_iter()
            .next()
            .expect("the table has a breakdown")
    }

    fn forest(table: &str, measure: Measure) -> Chart {
        forest_plot(&breakdown(table), measure, 0.95).expect("a forest plot")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    fn row<'a>(chart: &'a Chart, label: &str) -> &'a Row {
        chart
            .rows
            .iter()
            .find(|row| row.label == label)
            .expect("the row exists")
    }

    /// Every number in the chart is finite. Options that are `None` are
    /// left out of the JSON, so a `null` can only be a NaN or an infinity
    /// (serde_json writes those as `null`).
    fn assert_all_finite(chart: &Chart) {
        fn walk(value: &serde_json::Value, path: &str) {
            match value {
                serde_json::Value::Null => panic!("non-finite number at {path}"),
                serde_json::Value::Number(number) => {
                    assert!(number.as_f64().is_some_and(f64::is_finite), "{path}")
                }
                serde_json::Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        walk(item, &format!("{path}[{index}]"));
                    }
                }
                serde_json::Value::Object(fields) => {
                    for (key, item) in fields {
                        walk(item, &format!("{path}.{key}"));
                    }
                }
                _ => {}
            }
        }
        walk(&serde_json::to_value(chart).expect("serialisable"), "chart");
    }

    /// Checks every chart should pass: finite numbers, points inside their
    /// whiskers and the plot, rows inside the plot, labels clear of it,
    /// ticks increasing, and a table cell for every column.
    fn assert_well_formed(chart: &Chart) {
        assert_all_finite(chart);
        let plot = chart.plot;
        assert_eq!(plot.left, chart.margin.left);
        assert_eq!(plot.top, chart.margin.top);
        assert!(close(plot.right, chart.width - chart.margin.right));
        assert!(close(plot.bottom, chart.height - chart.margin.bottom));
        assert!(plot.left < plot.right);
        assert!(chart.label_x + LABEL_GAP <= plot.left + 1e-9);
        for pair in chart.axis.ticks.windows(2) {
            assert!(pair[0].value < pair[1].value && pair[0].x < pair[1].x);
        }
        for tick in &chart.axis.ticks {
            assert!(plot.left - 1e-9 <= tick.x && tick.x <= plot.right + 1e-9);
        }
        for entry in &chart.legend {
            assert!(entry.text_x + text_width(&entry.name) <= chart.width);
            assert!(entry.y < plot.top);
        }
        for row in &chart.rows {
            assert!(plot.top <= row.top && row.bottom <= plot.bottom + 1e-9);
            assert_eq!(row.cells.len(), chart.columns.len());
            assert_eq!(row.cells[0], row.label);
            assert!(row.tooltip.starts_with(&row.label));
            for line in &row.label_lines {
                assert!(text_width(&line.text) <= chart.label_x - PAD + 1e-9);
                assert!(row.top + LINE_HEIGHT / 2.0 <= line.y + 1e-9);
                assert!(line.y + LINE_HEIGHT / 2.0 <= row.bottom + 1e-9);
            }
            for point in &row.points {
                if chart.axis.scale == Scale::Linear {
                    assert_eq!(point.off_scale, None);
                }
                assert!(plot.left <= point.x && point.x <= plot.right);
                assert!(row.top <= point.y && point.y <= row.bottom);
                assert_eq!(point.shape, point.series.shape());
                assert_eq!(point.colour, point.series.colour());
                if let Some(whisker) = point.whisker {
                    assert!(whisker.x1 <= point.x + 1e-9 && point.x <= whisker.x2 + 1e-9);
                }
            }
        }
    }

    #[test]
    fn nice_ticks_for_familiar_ranges() {
        let cases: [(f64, f64, &[f64]); 10] = [
            (0.0, 17.5, &[0.0, 5.0, 10.0, 15.0, 20.0]),
            (0.0, 59.0, &[0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0]),
            (0.0, 100.0, &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0]),
            (0.0, 33.0, &[0.0, 10.0, 20.0, 30.0, 40.0]),
            (0.0, 12.0, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]),
            (0.0, 14.0, &[0.0, 2.5, 5.0, 7.5, 10.0, 12.5, 15.0]),
            (0.0, 2.4, &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5]),
            (0.0, 0.7, &[0.0, 0.2, 0.4, 0.6, 0.8]),
            (-3.0, 7.0, &[-4.0, -2.0, 0.0, 2.0, 4.0, 6.0, 8.0]),
            (0.3, 0.3, &[0.27, 0.28, 0.29, 0.3, 0.31, 0.32, 0.33]),
        ];
        for (lower, upper, expected) in cases {
            assert_eq!(nice_ticks(lower, upper), expected, "{lower} to {upper}");
        }
        assert_eq!(nice_ticks(0.0, 0.0), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(nice_ticks(5.0, 1.0), nice_ticks(1.0, 5.0));
        assert_eq!(nice_ticks(f64::NAN, 3.0), nice_ticks(0.0, 1.0));
        let labels: Vec<String> = nice_scale(0.0, 14.0).labels().collect();
        assert_eq!(labels, ["0", "2.5", "5", "7.5", "10", "12.5", "15"]);
        let labels: Vec<String> = nice_scale(0.0, 0.07).labels().collect();
        assert_eq!(labels, ["0", "0.02", "0.04", "0.06", "0.08"]);
    }

    #[test]
    fn nice_ticks_cover_any_range_with_four_to_eight_even_round_steps() {
        let mut upper = 1e-3;
        let mut ranges = 0;
        while upper < 1e7 {
            for lower in [0.0, -0.37 * upper, 0.5 * upper, 0.999 * upper, -upper] {
                let ticks = nice_ticks(lower, upper);
                let context = format!("{lower} to {upper}: {ticks:?}");
                assert!((4..=8).contains(&ticks.len()), "{context}");
                assert!(
                    ticks[0] <= lower && upper <= ticks[ticks.len() - 1],
                    "{context}"
                );
                let step = ticks[1] - ticks[0];
                for pair in ticks.windows(2) {
                    assert!(pair[0] < pair[1], "{context}");
                    assert!(
                        ((pair[1] - pair[0]) - step).abs() <= 1e-6 * step,
                        "{context}"
                    );
                }
                let magnitude = 10f64.powf((step.log10() + 1e-9).floor());
                let mantissa = step / magnitude;
                assert!(
                    [1.0, 2.0, 2.5, 5.0]
                        .iter()
                        .any(|&m| (mantissa - m).abs() < 1e-6),
                    "{context}"
                );
                // Every tick is a whole number of steps from zero.
                for tick in &ticks {
                    assert!(
                        ((tick / step) - (tick / step).round()).abs() < 1e-6,
                        "{context}"
                    );
                }
                ranges += 1;
            }
            upper *= 1.13;
        }
        assert!(ranges > 500);
    }

    #[test]
    fn positions_increase_with_the_value() {
        let linear = Placement {
            mapping: Mapping::Linear { min: 0.0, max: 0.6 },
            left: 100.0,
            right: 500.0,
        };
        let log = Placement {
            mapping: Mapping::Log {
                half_range: 4f64.ln(),
            },
            left: 100.0,
            right: 500.0,
        };
        for placement in [linear, log] {
            let values: Vec<f64> = (1..=400).map(|step| step as f64 * 0.01).collect();
            let xs: Vec<f64> = values
                .iter()
                .map(|&value| placement.place(value).0)
                .collect();
            for pair in xs.windows(2) {
                assert!(pair[0] <= pair[1]);
            }
            let inside: Vec<f64> = values
                .iter()
                .filter(|&&value| placement.place(value).1.is_none())
                .map(|&value| placement.place(value).0)
                .collect();
            for pair in inside.windows(2) {
                assert!(pair[0] < pair[1]);
            }
        }
        assert_eq!(linear.place(0.0), (100.0, None));
        assert_eq!(linear.place(0.3), (300.0, None));
        assert_eq!(linear.place(0.6), (500.0, None));
        assert_eq!(log.place(0.25), (100.0, None));
        assert_eq!(log.place(4.0), (500.0, None));
        assert_eq!(log.place(0.0), (100.0, Some(OffScale::Low)));
        assert_eq!(log.place(-1.0), (100.0, Some(OffScale::Low)));
        assert_eq!(log.place(4.5), (500.0, Some(OffScale::High)));
        assert_eq!(log.place(f64::INFINITY), (500.0, Some(OffScale::High)));
    }

    #[test]
    fn log_axis_is_symmetric_about_the_reference_line_at_one() {
        let chart = forest(EXAMPLE, Measure::RepresentationRatio);
        let line = chart.reference_line.as_ref().expect("a reference line");
        let centre = (chart.plot.left + chart.plot.right) / 2.0;
        assert!(close(line.x, centre));
        let one = chart
            .axis
            .ticks
            .iter()
            .find(|tick| tick.value == 1.0)
            .expect("a tick at 1");
        assert_eq!(one.x, line.x);
        assert!(close(chart.axis.min * chart.axis.max, 1.0));
        let ticks = &chart.axis.ticks;
        for (low, high) in ticks.iter().zip(ticks.iter().rev()) {
            assert!(close(low.value * high.value, 1.0));
            assert!(close(high.x - line.x, line.x - low.x));
        }
        let placement = Placement {
            mapping: Mapping::Log {
                half_range: RATIO_CLAMP.ln(),
            },
            left: chart.plot.left,
            right: chart.plot.right,
        };
        let x = |value| placement.place(value).0;
        for ratio in [1.0001, 1.1, 1.25, 1.52, 2.0, 3.7, 10.0, 42.0, 99.0] {
            assert!(close(x(ratio) - x(1.0), x(1.0) - x(1.0 / ratio)), "{ratio}");
        }
    }

    #[test]
    fn log_ticks_are_the_narrowest_round_ladder_covering_the_data() {
        let ticks = |extent| {
            let ladder = log_ladder(extent);
            let mut values: Vec<f64> = ladder.iter().rev().map(|r| 1.0 / r).collect();
            values.push(1.0);
            values.extend_from_slice(ladder);
            values.iter().map(ToString::to_string).collect::<Vec<_>>()
        };
        assert_eq!(ticks(1.1), ["0.8", "1", "1.25"]);
        assert_eq!(ticks(1.25), ["0.8", "1", "1.25"]);
        assert_eq!(ticks(1.6), ["0.5", "0.8", "1", "1.25", "2"]);
        assert_eq!(ticks(3.0), ["0.25", "0.5", "1", "2", "4"]);
        assert_eq!(ticks(7.0), ["0.1", "0.2", "0.5", "1", "2", "5", "10"]);
        assert_eq!(ticks(10.0), ["0.1", "0.2", "0.5", "1", "2", "5", "10"]);
        assert_eq!(ticks(11.0), ["0.04", "0.2", "1", "5", "25"]);
        assert_eq!(ticks(26.0), ["0.01", "0.1", "1", "10", "100"]);
        assert_eq!(ticks(1e6), ["0.01", "0.1", "1", "10", "100"]);

        // The example's representation ratios run from 0.54 to 1.53 with
        // their intervals, inside 0.5 to 2.
        let chart = forest(EXAMPLE, Measure::RepresentationRatio);
        let labels: Vec<&str> = chart.axis.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0.5", "0.8", "1", "1.25", "2"]);
        assert_eq!(chart.axis.scale, Scale::Log);
        assert_eq!(chart.axis.label, "Representation ratio (log scale)");

        // Ratios close to 1 get the narrow 0.8 to 1.25 axis.
        let narrow = forest(
            "Group,Population,IPS\nA,100000,1000\nB,100000,1010\n",
            Measure::RepresentationRatio,
        );
        let labels: Vec<&str> = narrow.axis.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0.8", "1", "1.25"]);
        assert_well_formed(&narrow);
    }

    #[test]
    fn share_chart_of_the_example() {
        let chart = share_chart(&breakdown(EXAMPLE), 0.95);
        assert_well_formed(&chart);
        assert_eq!(chart.axis.scale, Scale::Linear);
        assert_eq!(chart.axis.label, "Share of people (%)");
        let labels: Vec<&str> = chart.axis.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0%", "10%", "20%", "30%", "40%", "50%", "60%"]);
        assert!(close(chart.axis.max, 0.6));
        let names: Vec<&str> = chart.rows.iter().map(|row| row.label.as_str()).collect();
        assert_eq!(names, ["White", "Black", "Asian", "Mixed", "Other"]);

        let black = row(&chart, "Black");
        assert_eq!(black.cells, ["Black", "17.5%", "15.3% to 20.0%", "11.5%"]);
        assert_eq!(
            black.tooltip,
            "Black: 17.5% of people in IPS (95% CI 15.3% to 20.0%); 11.5% of the reference population."
        );
        let [ips, population] = black.points.as_slice() else {
            panic!("two points: {:?}", black.points);
        };
        let x = |share: f64| chart.plot.left + share / 0.6 * (chart.plot.right - chart.plot.left);
        assert_eq!((ips.series, ips.shape), (Series::IpsShare, Shape::Circle));
        assert!(close(ips.x, x(0.175)));
        assert!(ips.y < black.y && black.y < population.y);
        assert_eq!(
            (population.series, population.shape),
            (Series::PopulationShare, Shape::Diamond)
        );
        assert!(close(population.x, x(1150.0 / 10_000.0)));
        let whisker = ips.whisker.expect("an interval");
        assert!(!whisker.clipped_low && !whisker.clipped_high);
        let ci = row_ci(&breakdown(EXAMPLE), "Black");
        assert!(close(whisker.x1, x(ci.lower)) && close(whisker.x2, x(ci.upper)));

        assert_eq!(chart.legend.len(), 2);
        assert_eq!(chart.legend[0].symbol, LegendSymbol::Marker(Shape::Circle));
        assert_eq!(
            chart.legend[0].name,
            "People in IPS, with 95% confidence interval"
        );
        assert_eq!(chart.legend[1].symbol, LegendSymbol::Marker(Shape::Diamond));
        assert!(chart.reference_line.is_none() && chart.band.is_none());
        assert_eq!(
            chart.title,
            "Ethnicity: share of people in IPS and of the reference population"
        );
    }

    fn row_ci(report: &BreakdownReport, label: &str) -> Interval {
        report
            .groups
            .iter()
            .find(|group| group.group == label)
            .and_then(|group| group.access.ips_share_ci)
            .expect("an interval")
    }

    #[test]
    fn confidence_level_labels_the_intervals() {
        let analysis = analyse_text(
            EXAMPLE,
            &Options {
                confidence: 0.9,
                ..Options::default()
            },
        );
        let chart = share_chart(&analysis.report.breakdowns[0], 0.9);
        assert_eq!(chart.columns[2], "90% confidence interval");
        assert!(row(&chart, "Black").tooltip.contains("(90% CI "));
    }

    #[test]
    fn job_rate_forest_plot_draws_the_reference_at_one() {
        let report = breakdown(EXAMPLE);
        let chart = forest_plot(&report, Measure::JobRateRatio, 0.95).expect("a chart");
        assert_well_formed(&chart);
        let line = chart.reference_line.as_ref().expect("a reference line");
        assert_eq!(line.label, "1: the same job rate as White");
        assert_eq!(chart.title, "Ethnicity: job rates compared with White");

        let white = row(&chart, "White");
        assert!(white.is_reference);
        let [reference] = white.points.as_slice() else {
            panic!("one point");
        };
        assert_eq!(reference.series, Series::ReferenceGroup);
        assert_eq!(reference.shape, Shape::Square);
        assert_eq!(reference.x, line.x);
        assert!(reference.whisker.is_none());
        assert_eq!(white.cells[1], "1 (reference group)");
        assert_eq!(
            chart.description,
            "The job rate of each Ethnicity group divided by that of the reference group, White, with 95% confidence intervals, on a log scale: 1 means the same job rate, and the shaded band marks the four-fifths range, 0.80 to 1.25."
        );

        // Mixed: 24/60 = 0.40 against 196/560 = 0.35, a ratio of 1.14.
        let mixed = row(&chart, "Mixed");
        let [point] = mixed.points.as_slice() else {
            panic!("one point");
        };
        assert_eq!(point.series, Series::Ratio);
        assert!(point.x > line.x);
        assert_eq!(mixed.cells[1], "1.14");
        assert_eq!(mixed.cells[3], "Within");
        let band = chart.band.as_ref().expect("a band");
        assert!(band.x1 < line.x && line.x < band.x2);
        assert!(band.x1 <= point.x && point.x <= band.x2);
        let symbols: Vec<LegendSymbol> = chart.legend.iter().map(|e| e.symbol).collect();
        assert_eq!(
            symbols,
            [
                LegendSymbol::Marker(Shape::Circle),
                LegendSymbol::Marker(Shape::Square),
                LegendSymbol::Band
            ]
        );
        assert_eq!(chart.legend[2].name, "Four-fifths range, 0.80 to 1.25");
    }

    #[test]
    fn representation_ratios_above_the_band_are_flagged_in_the_table() {
        let chart = forest(EXAMPLE, Measure::RepresentationRatio);
        assert_well_formed(&chart);
        assert_eq!(chart.title, "Ethnicity: representation in IPS");
        // Black: 17.5% of IPS against 11.5% of the population, 1.52.
        let black = row(&chart, "Black");
        assert_eq!(black.cells[1], "1.52");
        assert_eq!(black.cells[3], "Above");
        assert!(black.tooltip.contains("above the four-fifths range"));
        let band = chart.band.as_ref().expect("a band");
        assert!(black.points[0].x > band.x2);
        // Nobody is the reference for representation: White is a ratio too.
        assert_eq!(row(&chart, "White").points[0].series, Series::Ratio);
        assert!(chart
            .legend
            .iter()
            .all(|e| e.symbol != LegendSymbol::Marker(Shape::Square)));
    }

    #[test]
    fn undefined_figures_get_a_note_and_no_marker() {
        let jobs = forest(AWKWARD, Measure::JobRateRatio);
        assert_well_formed(&jobs);
        // B has no one in IPS: no job rate, no ratio.
        let b = row(&jobs, "B");
        assert!(b.points.is_empty());
        let note = b.note.as_ref().expect("a note");
        assert_eq!(note.text, "Not defined");
        assert_eq!(
            note.reason.as_deref(),
            Some("No one from this group is in IPS.")
        );
        assert_eq!(note.anchor, Anchor::Start);
        assert!(note.x > jobs.plot.left);
        assert_eq!(b.cells[1], "not defined");
        // C has no one in a job: a ratio of 0 with no interval, which a log
        // scale cannot show.
        let c = row(&jobs, "C");
        assert!(c.points.is_empty());
        let note = c.note.as_ref().expect("a note");
        assert_eq!(note.text, "Interval not defined");
        assert!(note
            .reason
            .as_deref()
            .is_some_and(|r| r.starts_with("No one in this group gained a job")));
        assert_eq!(c.cells[1..4], ["0.00", "not defined", "Below"]);

        let representation = forest(AWKWARD, Measure::RepresentationRatio);
        assert_well_formed(&representation);
        // D has no population share, so no representation ratio.
        let d = row(&representation, "D");
        assert!(d.points.is_empty());
        assert_eq!(
            d.note.as_ref().and_then(|note| note.reason.as_deref()),
            Some(
                "This group has no share of the reference population, so it has no expected share."
            )
        );
        assert!(d.tooltip.contains("not defined"));

        let shares = share_chart(&breakdown(AWKWARD), 0.95);
        assert_well_formed(&shares);
        assert!(shares.rows.iter().all(|row| row.note.is_none()));
    }

    #[test]
    fn a_share_without_an_interval_gets_a_note_beside_the_population_marker() {
        // Validation refuses a table with no one in IPS, the one way to get
        // here, so the analysed report is edited.
        let mut report = breakdown(EXAMPLE);
        report.groups[4].access.ips_share_ci = None;
        let chart = share_chart(&report, 0.95);
        assert_well_formed(&chart);
        let other = row(&chart, "Other");
        let [population] = other.points.as_slice() else {
            panic!("only the population marker: {:?}", other.points);
        };
        assert_eq!(population.series, Series::PopulationShare);
        let note = other.note.as_ref().expect("a note");
        assert_eq!(
            (note.text.as_str(), note.anchor),
            ("Not defined", Anchor::Start)
        );
        assert_eq!(note.x, population.x + MARKER_SIZE);
        assert_eq!(other.cells[1..3], ["not defined", "not defined"]);
        assert_eq!(
            other.tooltip,
            "Other: share of people in IPS not defined; 5.0% of the reference population."
        );
    }

    #[test]
    fn zero_shares_and_zero_ratios_sit_at_the_axis_start() {
        let report = breakdown(AWKWARD);
        let shares = share_chart(&report, 0.95);
        // B: no one in IPS, a share of 0 with an interval from 0.
        let b = row(&shares, "B");
        let ips = &b.points[0];
        assert_eq!(ips.series, Series::IpsShare);
        assert_eq!((ips.x, ips.off_scale), (shares.plot.left, None));
        assert_eq!(ips.whisker.map(|w| w.x1), Some(shares.plot.left));
        assert_eq!(b.cells[1], "0.0%");
        // D: no population, a share of 0.
        assert_eq!(row(&shares, "D").points[1].x, shares.plot.left);

        // On the log scale B's representation ratio of 0 and the lower end
        // of its interval run off the left edge, flagged; its upper end is
        // on the scale.
        let chart = forest_plot(&report, Measure::RepresentationRatio, 0.95).expect("a chart");
        let b = row(&chart, "B");
        let point = &b.points[0];
        assert_eq!(
            (point.x, point.off_scale),
            (chart.plot.left, Some(OffScale::Low))
        );
        let whisker = point.whisker.expect("an interval");
        assert_eq!(whisker.x1, chart.plot.left);
        assert!(whisker.clipped_low && !whisker.clipped_high);
        assert!(whisker.x2 > chart.plot.left);
        // Wilson's upper bound for 0 of 135 is z^2 / (135 + z^2) = 0.0277,
        // over B's population share of 0.3.
        assert_eq!(b.cells[1..3], ["0.00", "0.00 to 0.09"]);
    }

    #[test]
    fn ratios_beyond_the_clamp_run_off_the_edge_with_a_flag() {
        // B: 90 of 100 in IPS from 0.01% of the population, a ratio near 9,000.
        let chart = forest(
            "Group,Population,IPS\nA,999900,10\nB,100,90\n",
            Measure::RepresentationRatio,
        );
        assert_well_formed(&chart);
        assert!(close(chart.axis.max, RATIO_CLAMP));
        assert!(close(chart.axis.min, 1.0 / RATIO_CLAMP));
        let b = row(&chart, "B");
        let point = &b.points[0];
        assert_eq!(
            (point.x, point.off_scale),
            (chart.plot.right, Some(OffScale::High))
        );
        let whisker = point.whisker.expect("an interval");
        assert_eq!(
            (whisker.x1, whisker.x2),
            (chart.plot.right, chart.plot.right)
        );
        assert!(whisker.clipped_high && !whisker.clipped_low);
        assert_eq!(b.cells[3], "Above");
        // A: 10 of 100 from 99.99% of the population, 0.10: on the scale.
        let a = &row(&chart, "A").points[0];
        assert_eq!(a.off_scale, None);
        assert!(a.x > chart.plot.left && a.x < chart.reference_line.as_ref().map_or(0.0, |l| l.x));
    }

    #[test]
    fn no_forest_plot_without_any_ratio() {
        let no_jobs_column = breakdown("Group,Population,IPS\nA,1000,80\nB,1000,70\n");
        assert!(forest_plot(&no_jobs_column, Measure::JobRateRatio, 0.95).is_none());
        assert!(forest_plot(&no_jobs_column, Measure::RepresentationRatio, 0.95).is_some());
        // The reference group (most in IPS) has no one in a job.
        let reference_without_jobs =
            breakdown("Group,Population,IPS,Employed\nA,1000,80,0\nB,1000,70,20\n");
        assert!(forest_plot(&reference_without_jobs, Measure::JobRateRatio, 0.95).is_none());
    }

    #[test]
    fn twenty_groups_with_long_labels_fit_the_chart() {
        let mut table = String::from("Diagnosis,Population,IPS,Employed\n");
        for index in 0..20 {
            let label = match index % 4 {
                0 => format!("Group {index}"),
                1 => format!("Schizophrenia, schizotypal and delusional disorders {index}"),
                2 => format!("Pneumonoultramicroscopicsilicovolcanoconiosis{index}"),
                _ => format!("Mood (affective) disorders {index}"),
            };
            table.push_str(&format!(
                "\"{label}\",{},{},{}\n",
                500 + 37 * index,
                4 + index % 5,
                index % 3
            ));
        }
        let report = breakdown(&table);
        assert_eq!(report.groups.len(), 20);
        let charts = [
            share_chart(&report, 0.95),
            forest_plot(&report, Measure::RepresentationRatio, 0.95).expect("a chart"),
            forest_plot(&report, Measure::JobRateRatio, 0.95).expect("a chart"),
        ];
        for chart in &charts {
            assert_well_formed(chart);
            assert_eq!(chart.rows.len(), 20);
            let last = chart.rows.last().expect("rows");
            assert!(close(last.bottom, chart.plot.bottom));
            assert!(chart.axis.label_y + LINE_HEIGHT / 2.0 <= chart.height);
            for pair in chart.rows.windows(2) {
                assert!(close(pair[0].bottom, pair[1].top));
            }
            // The label area is the longest line's estimated width, capped.
            assert!(close(
                chart.label_x - PAD,
                MAX_LABEL_CHARS as f64 * 0.6 * chart.font_size
            ));
            let long = &chart.rows[1];
            assert_eq!(
                long.label,
                "Schizophrenia, schizotypal and delusional disorders 1"
            );
            let lines: Vec<&str> = long.label_lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(lines, ["Schizophrenia,", "schizotypal and\u{2026}"]);
            assert_eq!(long.cells[0], long.label);
        }
    }

    #[test]
    fn labels_wrap_between_words_and_end_in_an_ellipsis_when_cut() {
        assert_eq!(
            wrap_label("Black/Black British", 22, 2),
            ["Black/Black British"]
        );
        assert_eq!(
            wrap_label("Mixed White and Black Caribbean", 22, 2),
            ["Mixed White and Black", "Caribbean"]
        );
        assert_eq!(
            wrap_label("Any other ethnic group not listed above", 15, 2),
            ["Any other", "ethnic group\u{2026}"]
        );
        assert_eq!(
            wrap_label("Abcdefghijklmnop", 6, 3),
            ["Abcdef", "ghijkl", "mnop"]
        );
        assert_eq!(wrap_label("  spaced   out  ", 22, 2), ["spaced out"]);
        assert_eq!(
            wrap_label("Ünïcödé ëvérywhérë", 8, 2),
            ["Ünïcödé", "ëvérywh\u{2026}"]
        );
        assert!(wrap_label("", 22, 2).is_empty());
        for width in 2..30 {
            for line in wrap_label("The quick brown fox jumps over the lazy dog", width, 2) {
                assert!(line.chars().count() <= width, "{line:?} wider than {width}");
            }
        }
    }

    /// WCAG 2.1 relative luminance of an sRGB colour `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |range: std::ops::Range<usize>| {
            let value = u8::from_str_radix(&hex[range], 16).expect("a hex colour") as f64 / 255.0;
            if value <= 0.04045 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1..3) + 0.7152 * channel(3..5) + 0.0722 * channel(5..7)
    }

    fn contrast_with_white(hex: &str) -> f64 {
        1.05 / (luminance(hex) + 0.05)
    }

    #[test]
    fn palette_meets_wcag_contrast_against_white() {
        // The formula against WebAIM's published figures.
        assert!((contrast_with_white("#000000") - 21.0).abs() < 1e-12);
        assert!((contrast_with_white("#767676") - 4.54).abs() < 0.005);
        for (colour, expected) in [(BLUE, 5.19), (VERMILLION, 3.87), (BLUISH_GREEN, 3.42)] {
            let contrast = contrast_with_white(colour);
            assert!(contrast >= 3.0, "{colour}: {contrast}");
            assert!((contrast - expected).abs() < 0.01, "{colour}: {contrast}");
        }
        // Lines and text meet the 4.5:1 asked of text.
        assert!(contrast_with_white(LINE_COLOUR) >= 4.5);
        assert!(contrast_with_white(TEXT_COLOUR) >= 4.5);
        // Series differ in colour and in shape.
        let series = [
            Series::IpsShare,
            Series::PopulationShare,
            Series::ReferenceGroup,
        ];
        for (index, a) in series.iter().enumerate() {
            for b in &series[index + 1..] {
                assert_ne!(a.colour(), b.colour());
                assert_ne!(a.shape(), b.shape());
            }
        }
    }

    #[test]
    fn charts_serialise_for_the_page_and_downloads() {
        let chart = forest(AWKWARD, Measure::JobRateRatio);
        let json = serde_json::to_value(&chart).expect("serialisable");
        assert_eq!(json["axis"]["scale"], "log");
        assert_eq!(json["rows"][0]["points"][0]["shape"], "square");
        assert_eq!(json["rows"][0]["points"][0]["colour"], "#009E73");
        assert_eq!(json["legend"][0]["symbol"]["marker"], "circle");
        assert_eq!(json["legend"][2]["symbol"], "band");
        assert_eq!(json["rows"][1]["note"]["anchor"], "start");
        assert!(json["rows"][0].get("note").is_none());
    }
}
