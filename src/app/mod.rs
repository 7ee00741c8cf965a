//! The calculator's page (Yew). One [`State`] holds what the user typed and
//! chose; on every render the core analyses the text and the components
//! show what comes back: problems with the table, the choices, and each
//! breakdown's findings, tables and tests. The page computes no statistic.
//!
//! The Freeman-Halton exact tests can take a second or more, so the page
//! analyses with them deferred and shows every other figure at once. Right
//! after that it tries each test with a few milliseconds of work, which
//! finishes most tables (every worked example); only a table left
//! unfinished starts a Web Worker (`src/bin/ips-equity-worker.rs`), whose
//! test is shown as being worked out until the worker answers. Where there
//! is no worker (the one-file edition from `file://`, a browser that
//! refuses it, an offline page that never fetched it, or one that never
//! starts) the page works them out itself once the other figures are drawn.
//!
//! The page's address sets it up ([`State::at_start`]): presets in the
//! query string (`?embed=1`, `?example=tiny-numbers`, `?presenter=1`...)
//! and a share link's settings, and figures if it holds them, in the
//! fragment, both read by `crate::settings`. Embed mode drops the page's
//! chrome and tells the host page its height; presenter mode replaces the
//! page with the findings, one at a time; publish-safe figures run the
//! report through `crate::disclosure` before anything is shown.

mod components;
mod state;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlTextAreaElement, MessageEvent, Worker};
use yew::prelude::*;

use crate::analysis::{
    analyse_text_with, answer_exact_tests, fill_exact_test, outcome_rows, Analysis, ExactTestReply,
    ExactTestRequest, ExactTests, EXACT_WORKER_READY,
};
use crate::disclosure::{protect, Disclosure};
use crate::report::Report;
use crate::settings::{host_script, iframe_snippet, is_share_fragment, to_fragment};
use crate::stats::freeman_halton::{freeman_halton_within, ExactTest};
use components::{
    focus_id, report_height, start_button, Choices, EmbedPanel, ErrorSummary, Examples, Figures,
    GridEditor, GroupList, Presenter, Problem, Results, SharePanel, Slide,
};
pub use state::{Action, Edit, LoadedFile, State};

/// What the page shows before the user types: one breakdown (Ethnicity) of
/// five groups, and a `Not known` row that the core reports but leaves out
/// of the comparisons. The shares echo a published London service, where
/// Black people were 11.5% of the population and 17.5% of IPS clients.
/// It is the worked example `london-echo` (`crate::examples`), so loading
/// another example over it asks nothing. `tests/web_build.rs` checks that
/// the core reads it without a problem.
pub const EXAMPLE_TABLE: &str = include_str!("example.csv");

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(start);
    let deferred = use_memo(
        (state.text.clone(), state.options.clone()),
        |(text, options)| analyse_text_with(text, options, ExactTests::Defer),
    );
    let exact = use_state(|| None::<ExactAnswer>);
    let worker = {
        let exact = exact.setter();
        use_memo((), move |()| {
            ExactWorker::new(Callback::from(move |answer| exact.set(Some(answer))))
        })
    };
    let tables: Vec<Vec<[u64; 2]>> = deferred
        .report
        .breakdowns
        .iter()
        .filter_map(outcome_rows)
        .collect();
    {
        let worker = worker.clone();
        use_effect_with(tables.clone(), move |tables| {
            if !tables.is_empty() {
                worker.ask(tables.clone());
            }
        });
    }
    // Choices that leave the tables as they were keep their answer.
    let analysis = match &*exact {
        Some(answer) if answer.tables == tables => {
            let mut analysis = (*deferred).clone();
            let confidence = analysis.report.confidence;
            let breakdowns = analysis
                .report
                .breakdowns
                .iter_mut()
                .filter(|breakdown| breakdown.outcome_test.is_some());
            for (breakdown, result) in breakdowns.zip(&answer.results) {
                if let Some(result) = result {
                    fill_exact_test(breakdown, result, confidence);
                }
            }
            Rc::new(analysis)
        }
        _ => deferred,
    };
    let disclosure = state
        .safe
        .then(|| Rc::new(protect(&analysis.report, &state.rules)));
    let area = use_node_ref();
    let summary = use_node_ref();
    {
        // Embed mode is fixed at start; the observer then lives as long as
        // the page.
        use_effect_with(state.embed, |&embed| {
            if embed {
                report_height();
            }
        });
    }
    // A share link pasted into the address bar of the open page changes
    // only its fragment, which loads nothing: the page starts again from
    // the link, as it would in a new tab.
    use_effect_with((), |()| restart_on_share_link());
    {
        // Presenter mode takes focus to the finding shown; leaving gives it
        // back to the button that started it.
        let presenting = state.presenter.is_some();
        let was_presenting = use_mut_ref(|| false);
        use_effect_with(presenting, move |&presenting| {
            if presenting {
                focus_id("presenter-slide");
            } else if *was_presenting.borrow() {
                focus_id("presenter-start");
            }
            *was_presenting.borrow_mut() = presenting;
        });
    }

    let problems = problems(&analysis, &state.text, state.file_problem.as_deref());
    {
        // The summary takes focus when problems arrive with a new table, as
        // after a GOV.UK form is sent; never while the user types.
        let summary = summary.clone();
        let focus = !problems.is_empty() && !state.typed_since_replacement;
        use_effect_with(
            (
                !problems.is_empty(),
                state.replacements,
                state.file_problem.clone(),
            ),
            move |_| {
                if focus {
                    if let Some(element) = summary.cast::<web_sys::HtmlElement>() {
                        // Focus that cannot move leaves the page as it was.
                        let _ = element.focus();
                    }
                }
            },
        );
    }

    let dispatcher = state.dispatcher();
    if let Some(slide) = state.presenter {
        return html! {
            <Presenter
                slides={slides(&analysis.report, disclosure.as_deref())}
                {slide}
                safe={state.safe}
                on_slide={send(&dispatcher, Action::Slide)}
                on_leave={send(&dispatcher, |()| Action::Present(false))}
            />
        };
    }
    let on_edit = send(&dispatcher, |(text, edit)| Action::Edit { text, edit });
    let on_row = {
        let area = area.clone();
        Callback::from(move |row: usize| show_row(&area, row))
    };
    let on_cell = Callback::from(|id: String| focus_cell(&id));
    let errors: Vec<String> = analysis.errors.iter().map(ToString::to_string).collect();
    let groups: Vec<GroupList> = analysis
        .report
        .breakdowns
        .iter()
        .map(|breakdown| GroupList {
            breakdown: breakdown.name.clone(),
            groups: breakdown
                .groups
                .iter()
                .map(|group| group.group.clone())
                .collect(),
        })
        .collect();

    let embed = state.embed;
    html! {
        <>
            if !embed {
                <a class="app-skip-link" href="#main-content">{ "Skip to main content" }</a>
                <header class="app-header">
                    <div class="app-width-container">
                        <p class="app-header__service">{ "IPS Equity Calculator" }</p>
                    </div>
                </header>
            }
            <div class={classes!("app-width-container", embed.then_some("app-embed"))}>
                <main class="app-main" id="main-content" tabindex="-1">
                    <ErrorSummary problems={problems} summary={summary} on_row={on_row} on_cell={on_cell} />
                    <h1 class="app-heading-xl">{ "Check equity in IPS: access and job outcomes" }</h1>
                    if !embed {
                        <p class="app-lede">
                            { "Find out whether Individual Placement and Support reaches every group in proportion to the population it serves, and whether job outcomes differ between groups." }
                        </p>
                    }
                    <p class="app-privacy" id="privacy">
                        { "Everything is calculated on this device: nothing you enter leaves it." }
                    </p>
                    if !state.link_notes.is_empty() {
                        <section class="app-warning" id="link-notes" aria-labelledby="link-notes-title">
                            <h2 class="app-heading-m" id="link-notes-title">{ "Some of the link was not used" }</h2>
                            <ul class="app-list app-list--bullet">
                                { for state.link_notes.iter().map(|note| html! { <li>{ note }</li> }) }
                            </ul>
                        </section>
                    }
                    <div class="app-grid">
                        <div class="app-grid__input">
                            <Figures
                                text={AttrValue::from(state.text.clone())}
                                errors={errors}
                                pending_file={state.pending_file.clone()}
                                file_problem={state.file_problem.clone()}
                                area={area}
                                on_edit={on_edit}
                                on_file={send(&dispatcher, Action::FileRead)}
                                on_file_failed={send(&dispatcher, Action::FileFailed)}
                                on_confirm_file={send(&dispatcher, |()| Action::ConfirmFile)}
                                on_keep_figures={send(&dispatcher, |()| Action::KeepFigures)}
                            />
                            <GridEditor
                                text={AttrValue::from(state.text.clone())}
                                errors={analysis.errors.clone()}
                                on_text={send(&dispatcher, Action::SetText)}
                            />
                            <Examples
                                text={AttrValue::from(state.text.clone())}
                                on_example={send(&dispatcher, |example| Action::FileRead(LoadedFile::example(example)))}
                            />
                        </div>
                        <div class="app-grid__choices">
                            <Choices
                                options={state.options.clone()}
                                groups={groups}
                                tab={state.tab}
                                on_reference={send(&dispatcher, |(breakdown, reference)| Action::Reference { breakdown, reference })}
                                on_confidence={send(&dispatcher, Action::Confidence)}
                                on_interval={send(&dispatcher, Action::Interval)}
                                on_population={send(&dispatcher, Action::Population)}
                                safe={state.safe}
                                rules={state.rules}
                                on_safe={send(&dispatcher, Action::Safe)}
                                on_threshold={send(&dispatcher, Action::SafeThreshold)}
                            />
                        </div>
                    </div>
                    { start_button(&send(&dispatcher, Action::Present)) }
                    <Results
                        analysis={analysis.clone()}
                        disclosure={disclosure}
                        tab={state.tab}
                        on_tab={send(&dispatcher, Action::SelectTab)}
                        {embed}
                    />
                    <section class="app-take-away" aria-labelledby="take-away-title">
                        <h2 id="take-away-title">{ if embed { "Share" } else { "Share or embed" } }</h2>
                        <SharePanel
                            link={share_link(&state)}
                            share_figures={state.share_figures}
                            on_share_figures={send(&dispatcher, Action::ShareFigures)}
                        />
                        if !embed {
                            <EmbedPanel
                                snippet={iframe_snippet(&page_address(), &state.settings(), EMBED_HEIGHT_PX)}
                                host_script={host_script(&page_address())}
                            />
                        }
                        if !is_one_file_edition() {
                            { one_file_download() }
                        }
                    </section>
                </main>
            </div>
        </>
    }
}

/// The page as its address asks for it ([`State::at_start`]).
fn start() -> State {
    let location = web_sys::window().map(|window| window.location());
    let part = |read: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|location| read(location).ok())
            .unwrap_or_default()
    };
    State::at_start(
        &part(web_sys::Location::search),
        &part(web_sys::Location::hash),
    )
}

/// Listens, for the page's lifetime, for the fragment to become a share
/// link other than the one the page started from (Back after following an
/// in-page link such as "#examples" returns to that one, and must not undo
/// the user's edits), and then reloads the page, which reads it at start.
fn restart_on_share_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let started_from = location.hash().unwrap_or_default();
    let listener = Closure::<dyn Fn()>::new(move || {
        let shared = location
            .hash()
            .is_ok_and(|fragment| fragment != started_from && is_share_fragment(&fragment));
        if shared {
            // A page that cannot reload stays as it is.
            let _ = location.reload();
        }
    });
    if window
        .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref())
        .is_ok()
    {
        listener.forget();
    }
}

/// The page's own address, without its query string or fragment: what
/// share links and the embed code point at.
fn page_address() -> String {
    let href = web_sys::window()
        .and_then(|window| window.location().href().ok())
        .unwrap_or_default();
    href.split(['?', '#']).next().unwrap_or_default().to_owned()
}

/// The share link for the page as it is: its settings, and its figures if
/// the user ticked the box; or the core's reason it cannot be written.
fn share_link(state: &State) -> Result<AttrValue, AttrValue> {
    let data = state.share_figures.then_some(state.text.as_str());
    match to_fragment(&state.settings(), data) {
        Ok(fragment) => Ok(AttrValue::from(format!("{}#{fragment}", page_address()))),
        Err(problem) => Err(AttrValue::from(problem)),
    }
}

/// The findings presenter mode steps through: each group's (as one), then
/// each breakdown's, the publish-safe ones when the switch is on.
fn slides(report: &Report, disclosure: Option<&Disclosure>) -> Vec<Slide> {
    let mut slides = Vec::new();
    for (index, breakdown) in report.breakdowns.iter().enumerate() {
        let safe = disclosure.and_then(|disclosure| disclosure.breakdowns.get(index));
        let groups = breakdown.groups.iter().enumerate().map(|(group, report)| {
            safe.and_then(|safe| safe.groups.get(group))
                .map_or(&report.findings, |cells| &cells.findings)
        });
        let own = safe.map_or(&breakdown.findings, |safe| &safe.findings);
        let texts = groups
            .filter(|findings| !findings.is_empty())
            .map(|findings| findings.join(" "))
            .chain(own.iter().cloned());
        slides.extend(texts.map(|text| Slide {
            breakdown: breakdown.name.clone(),
            text,
        }));
    }
    slides
}

/// A callback that turns what a component reports into an action.
fn send<T: 'static>(
    dispatcher: &UseReducerDispatcher<State>,
    action: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value| dispatcher.dispatch(action(value)))
}

/// The file picker's problem, then the table's in the core's words.
fn problems(analysis: &Analysis, text: &str, file_problem: Option<&str>) -> Vec<Problem> {
    file_problem
        .map(Problem::file)
        .into_iter()
        .chain(Problem::of_table(text, &analysis.errors))
        .collect()
}

/// Focuses the table editor's field with this id, which scrolls it into
/// view; a field gone by now (the table was redrawn) leaves focus alone.
fn focus_cell(id: &str) {
    let field = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id(id))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(field) = field {
        let _ = field.focus();
    }
}

/// Focuses the text box with the row selected (rows count lines from 1, as
/// the core numbers them), so the user lands on the problem.
fn show_row(area: &NodeRef, row: usize) {
    let Some(area) = area.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let _ = area.focus();
    let value = area.value();
    let Some(line) = value.split('\n').nth(row.saturating_sub(1)) else {
        return;
    };
    // The box counts its selection in UTF-16 code units.
    let start: usize = value
        .split('\n')
        .take(row.saturating_sub(1))
        .map(|line| line.encode_utf16().count() + 1)
        .sum();
    let end = start + line.encode_utf16().count();
    if let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) {
        let _ = area.set_selection_range(start, end);
    }
}

/// How tall the embed code makes the frame before the host's script, if
/// any, fits it to the calculator: about a screen, within which the
/// calculator scrolls where the host strips scripts.
const EMBED_HEIGHT_PX: u32 = 900;

/// Where Trunk puts the worker's loader (`data-loader-shim` in index.html),
/// beside the page.
const EXACT_WORKER_URL: &str = "./ips-equity-worker_loader.js";

/// How long a new worker has to say it listens before the page stops
/// waiting for it and works the tests out itself. A worker loads its own
/// wasm (about 45 KB gzipped), which takes well under a second even on a
/// loaded machine; a worker that has not spoken by then is missing (the
/// one-file edition has none, and an offline page whose worker was never
/// fetched has none either) or blocked, and may never speak.
const EXACT_WORKER_START_MS: i32 = 4_000;

/// The work the page spends on each table's exact test before it leaves
/// the test to the worker, in the search's steps
/// ([`freeman_halton_within`]). Measured in wasm built as the page is
/// (opt-level "z", Node.js): the page's own example needs about 463,000
/// steps (3 ms) and the other worked examples under 11,000, so a first visit
/// shows every figure without fetching the worker; a table of 8 groups of
/// 2,000 people stops after one million steps in about 10 ms (two million:
/// 16 ms), so a table that needs more costs each edit no more than that
/// before it goes to the worker.
const QUICK_EXACT_STEPS: u64 = 1_000_000;

/// The exact tests of some tables, worked out or not yet (`None`).
struct ExactAnswer {
    tables: Vec<Vec<[u64; 2]>>,
    results: Vec<Option<ExactTest>>,
}

/// The page's end of the exact tests. Each new set of tables first gets a
/// quick attempt in the page ([`QUICK_EXACT_STEPS`] per table, after the
/// other figures are drawn); only the tables left unfinished wake the Web
/// Worker, which is started then, not before, so a visit whose tables are
/// small never fetches it.
///
/// At most one request is with the worker at a time; newer tables stop a
/// worker busy with older ones, so an answer never waits behind a stale
/// search, and the memory a large search took (up to about 500 MB) goes
/// with it. Without a worker (none in this browser, a page opened from
/// `file://`, where browsers refuse workers, or a worker that failed or was
/// silent for [`EXACT_WORKER_START_MS`]) the page works the tests out
/// itself, after the other figures have been drawn.
#[derive(Clone)]
struct ExactWorker {
    link: Rc<RefCell<WorkerLink>>,
}

struct WorkerLink {
    /// The worker, once a table has needed one.
    worker: Option<Worker>,
    /// Whether no worker can work here (see [`ExactWorker`]): the page
    /// then answers every request itself.
    unavailable: bool,
    /// Counts the workers started, so that a stopped one is not heard.
    generation: u64,
    /// Whether the worker has said it listens.
    ready: bool,
    /// Whether the worker let its start-up time pass without a word: the
    /// page then answers until it speaks.
    late: bool,
    /// The request the worker is working on.
    sent: Option<ExactTestRequest>,
    /// The latest request, waiting for the worker.
    queued: Option<ExactTestRequest>,
    /// The id of the latest tables asked about; any other is stale.
    next_id: u64,
    on_answer: Callback<ExactAnswer>,
}

impl ExactWorker {
    fn new(on_answer: Callback<ExactAnswer>) -> ExactWorker {
        ExactWorker {
            link: Rc::new(RefCell::new(WorkerLink {
                worker: None,
                unavailable: opened_from_file(),
                generation: 0,
                ready: false,
                late: false,
                sent: None,
                queued: None,
                next_id: 0,
                on_answer,
            })),
        }
    }

    /// Starts a worker in place of any other, which stops mid-search.
    fn spawn(&self) {
        let generation = {
            let mut link = self.link.borrow_mut();
            Self::stop(&mut link);
            link.generation = link.generation.wrapping_add(1);
            link.late = false;
            link.worker = Worker::new(EXACT_WORKER_URL).ok();
            link.unavailable = link.worker.is_none();
            link.generation
        };
        let Some(worker) = self.link.borrow().worker.clone() else {
            return;
        };
        self.wait_for_start(generation);
        let on_message = {
            let exact_worker = self.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                if exact_worker.is_current(generation) {
                    exact_worker.heard(event.data().as_string().unwrap_or_default());
                }
            })
        };
        let on_error = {
            let exact_worker = self.clone();
            Closure::<dyn Fn(JsValue)>::new(move |_| {
                if exact_worker.is_current(generation) {
                    exact_worker.failed();
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Listeners are dropped with the page, never while one may be
        // running (an answer re-renders the page, which may start a worker).
        on_message.forget();
        on_error.forget();
    }

    /// Stops the worker, if any, and forgets what it was working on.
    fn stop(link: &mut WorkerLink) {
        if let Some(worker) = link.worker.take() {
            worker.terminate();
        }
        link.ready = false;
        link.sent = None;
    }

    /// Gives the worker of this generation [`EXACT_WORKER_START_MS`] to
    /// say it listens; after that the page answers what waits for it, and
    /// goes on answering until the worker speaks.
    fn wait_for_start(&self, generation: u64) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let exact_worker = self.clone();
        let check = Closure::once_into_js(move || {
            let silent = {
                let mut link = exact_worker.link.borrow_mut();
                let silent = link.worker.is_some() && link.generation == generation && !link.ready;
                link.late |= silent;
                silent
            };
            if silent {
                exact_worker.answer_in_page();
            }
        });
        // Without a timer the worker is waited for: the error event still
        // hands a worker that cannot start over to the page.
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            check.unchecked_ref(),
            EXACT_WORKER_START_MS,
        );
    }

    fn is_current(&self, generation: u64) -> bool {
        let link = self.link.borrow();
        link.worker.is_some() && link.generation == generation
    }

    /// Asks for the exact tests of the page's latest tables: a quick
    /// attempt in the page once the other figures are drawn, then the
    /// worker for what is left.
    fn ask(&self, tables: Vec<Vec<[u64; 2]>>) {
        let id = {
            let mut link = self.link.borrow_mut();
            link.next_id = link.next_id.wrapping_add(1);
            link.queued = None;
            // A search of older tables is of no use any more.
            if link.sent.is_some() {
                Self::stop(&mut link);
            }
            link.next_id
        };
        let exact_worker = self.clone();
        after_paint(move || exact_worker.try_quickly(id, tables));
    }

    /// The quick attempt at request `id`, unless newer tables replaced it:
    /// what it finishes is shown at once, and only if something is left
    /// does the request go on (to the worker, started if need be).
    fn try_quickly(&self, id: u64, tables: Vec<Vec<[u64; 2]>>) {
        let on_answer = {
            let link = self.link.borrow();
            if link.next_id != id {
                return;
            }
            link.on_answer.clone()
        };
        let results: Vec<Option<ExactTest>> = tables
            .iter()
            .map(|rows| freeman_halton_within(rows, QUICK_EXACT_STEPS))
            .collect();
        let finished = results.iter().all(Option::is_some);
        if results.iter().any(Option::is_some) {
            on_answer.emit(ExactAnswer {
                tables: tables.clone(),
                results,
            });
        }
        if finished {
            return;
        }
        // The answer re-rendered the page, which may have asked again.
        let (in_page, start) = {
            let mut link = self.link.borrow_mut();
            if link.next_id != id {
                return;
            }
            link.queued = Some(ExactTestRequest { id, tables });
            (
                link.unavailable || (link.late && !link.ready),
                link.worker.is_none(),
            )
        };
        if in_page {
            self.answer_in_page();
        } else if start {
            // The worker sends the request once it listens.
            self.spawn();
            if self.link.borrow().unavailable {
                self.answer_in_page();
            }
        } else {
            self.send_next();
        }
    }

    /// Sends the queued request if the worker is free to take it.
    fn send_next(&self) {
        let mut link = self.link.borrow_mut();
        if !link.ready || link.sent.is_some() {
            return;
        }
        let Some(request) = link.queued.take() else {
            return;
        };
        let posted = link.worker.as_ref().is_some_and(|worker| {
            worker
                .post_message(&JsValue::from_str(&request.encode()))
                .is_ok()
        });
        if posted {
            link.sent = Some(request);
        } else {
            link.queued = Some(request);
            drop(link);
            self.failed();
        }
    }

    fn heard(&self, message: String) {
        if message == EXACT_WORKER_READY {
            self.link.borrow_mut().ready = true;
            self.send_next();
            return;
        }
        let Ok(reply) = ExactTestReply::decode(&message) else {
            return;
        };
        let answer = {
            let mut link = self.link.borrow_mut();
            let latest = link.next_id;
            match link.sent.take() {
                // Newer tables make this answer stale.
                Some(sent) if sent.id == reply.id && sent.id == latest => Some((
                    link.on_answer.clone(),
                    ExactAnswer {
                        tables: sent.tables,
                        results: reply.results.into_iter().map(Some).collect(),
                    },
                )),
                other => {
                    link.sent = other.filter(|sent| sent.id != reply.id);
                    None
                }
            }
        };
        // The answer re-renders the page, which may ask again: no borrow
        // may be held by then.
        if let Some((on_answer, answer)) = answer {
            on_answer.emit(answer);
        }
        self.send_next();
    }

    /// The worker could not start or stopped: the page answers from now on.
    fn failed(&self) {
        {
            let mut link = self.link.borrow_mut();
            if link.queued.is_none() {
                link.queued = link.sent.take();
            }
            Self::stop(&mut link);
            link.unavailable = true;
        }
        self.answer_in_page();
    }

    /// Works out the latest request in the page, once the browser has
    /// drawn what is already known.
    fn answer_in_page(&self) {
        let exact_worker = self.clone();
        after_paint(move || {
            let (request, on_answer) = {
                let mut link = exact_worker.link.borrow_mut();
                (link.queued.take(), link.on_answer.clone())
            };
            if let Some(request) = request {
                let reply = answer_exact_tests(&request);
                on_answer.emit(ExactAnswer {
                    tables: request.tables,
                    results: reply.results.into_iter().map(Some).collect(),
                });
            }
        });
    }
}

/// Runs `work` once the browser has drawn what is already known: a timer
/// started from an animation frame runs after that frame is painted.
/// Without animation frames or timers it runs now rather than never.
fn after_paint(work: impl FnOnce() + 'static) {
    let work = Closure::once_into_js(work);
    let Some(window) = web_sys::window() else {
        call_now(&work);
        return;
    };
    let after_frame = {
        let window = window.clone();
        let work = work.clone();
        Closure::once_into_js(move || {
            if window
                .set_timeout_with_callback(work.unchecked_ref())
                .is_err()
            {
                call_now(&work);
            }
        })
    };
    if window
        .request_animation_frame(after_frame.unchecked_ref())
        .is_err()
    {
        call_now(&work);
    }
}

/// Whether the page was opened from a file (the one-file edition saved on
/// a drive), where browsers refuse to start a worker from it.
/// The one-file edition (`src/one_file/`) marks its `<html>` element.
pub(crate) fn is_one_file_edition() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|html| html.get_attribute("data-edition"))
        .is_some_and(|edition| edition == "one-file")
}

/// The link to the one-file edition, which the build writes beside the
/// page: the whole calculator in one HTML file that runs from a computer's
/// own disk, with no server and no network.
fn one_file_download() -> Html {
    html! {
        <details class="app-details" id="one-file-panel">
            <summary class="app-details__summary">
                <span class="app-details__summary-text">{ "Use the calculator without the internet" }</span>
            </summary>
            <div class="app-details__text">
                <p>{ "Download the whole calculator as one file. Save it, email it or put it on a shared drive: it opens in a web browser straight from the file, with no server and no internet connection, and works out the same figures. Nothing you enter in it leaves your computer." }</p>
                <p>
                    <a class="app-link" id="one-file-download" href="./ips-equity-calculator.html"
                        download="ips-equity-calculator.html">
                        { "Download the calculator as one file (HTML, about 1 MB)" }
                    </a>
                </p>
            </div>
        </details>
    }
}

fn opened_from_file() -> bool {
    web_sys::window()
        .and_then(|window| window.location().protocol().ok())
        .is_some_and(|protocol| protocol == "file:")
}

fn call_now(function: &JsValue) {
    if let Some(function) = function.dyn_ref::<web_sys::js_sys::Function>() {
        // A failure here leaves the test shown as being worked out.
        let _ = function.call0(&JsValue::NULL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, Options};
    use crate::disclosure::Rules;

    #[test]
    fn presenter_slides_are_each_groups_findings_then_the_breakdowns() {
        let report = analyse_text(EXAMPLE_TABLE, &Options::default()).report;
        let slides = slides(&report, None);
        let [breakdown] = report.breakdowns.as_slice() else {
            panic!("one breakdown: {:?}", report.breakdowns);
        };
        assert_eq!(slides.len(), 5 + breakdown.findings.len());
        assert_eq!(slides[0].text, breakdown.groups[0].findings.join(" "));
        assert_eq!(slides[5].text, breakdown.findings[0]);
        assert!(slides.iter().all(|slide| slide.breakdown == "Ethnicity"));
    }

    #[test]
    fn publish_safe_slides_are_the_disclosures_findings() {
        let tiny = crate::examples::example("tiny-numbers").map_or("", |example| example.text);
        let report = analyse_text(tiny, &Options::default()).report;
        let safe = protect(&report, &Rules::default());
        let texts: Vec<String> = slides(&report, Some(&safe))
            .into_iter()
            .map(|slide| slide.text)
            .collect();
        let expected: Vec<String> = safe.breakdowns[0]
            .groups
            .iter()
            .filter(|group| !group.findings.is_empty())
            .map(|group| group.findings.join(" "))
            .chain(safe.breakdowns[0].findings.iter().cloned())
            .collect();
        assert_eq!(texts, expected);
        assert_ne!(
            texts,
            slides(&report, None)
                .into_iter()
                .map(|slide| slide.text)
                .collect::<Vec<_>>()
        );
    }
}
