//! The fairness check as a [`Check`], and its section of the report: per workload, the
//! p-value against an even split (and the worst window), the model comparison and the
//! longest run; and a chart of each design's shares.

use lab_designs::concurrent;
use lab_findings::{Figure, Finding, Param, format};

use super::figures::{
    EXACT, LONGEST_RUN, MODEL_ALARM, PER_RUN_MODEL, SKEW, VERDICT_ALARM, WAKE_ORDER, WORST_WINDOW,
};
use super::{
    FairnessSettings, MAX_UNDETECTED_SKEW, POWER, READY_ITEMS, RUNS, SEED, SHORT, SIM_RUNS, SOURCE,
    TICKS, WINDOW_PER_SOURCE, WORKLOAD, WORKLOADS, Workload, check, window_metric, window_p,
};
use crate::CONCURRENT;
use crate::check::{Check, CheckInfo, Input, Kind, Options, Produced, Setting};
use crate::section::{self, Chart, Facts, Table};
use crate::stats::{ALPHA, MIN_EXPECTED};

pub struct Fairness;

impl Check for Fairness {
    fn info(&self) -> CheckInfo {
        CheckInfo {
            id: super::CHECK,
            question: CONCURRENT,
            kind: Kind::PerDesign,
            about: "several ready sources: does each get an even share, and does the pick match its model?",
            title: "Fairness: which source goes next",
        }
    }

    fn settings(&self) -> &'static [Setting] {
        &[RUNS, SEED]
    }

    fn constants(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("model runs", f64::from(SIM_RUNS)),
            ("max undetected skew %", 100.0 * MAX_UNDETECTED_SKEW),
            ("power %", 100.0 * POWER),
            ("alpha", ALPHA),
            ("min expected", MIN_EXPECTED),
            ("items", f64::from(READY_ITEMS)),
            ("ticks", TICKS as f64),
            ("short", f64::from(SHORT)),
            ("window per source", WINDOW_PER_SOURCE as f64),
            ("min runs", crate::per_run::MIN_RUNS as f64),
        ]
    }

    fn designs(&self) -> Vec<String> {
        crate::drainable_ids()
    }

    fn planned_runs(&self, options: &Options) -> u64 {
        RUNS.value(options) * WORKLOADS.len() as u64
    }

    fn run(
        &self,
        input: Input<'_>,
        options: &Options,
        progress: &dyn Fn(),
    ) -> Result<Produced, String> {
        let id = input.design(self)?;
        let design = concurrent::by_id(id)?;
        let settings = FairnessSettings::resolve(options);
        Ok(Produced::one(check(design, &settings, progress)))
    }

    fn intro(&self, f: &Facts) -> String {
        let always_ready = |fig: &Figure| {
            fig.param(WORKLOAD)
                .and_then(Param::as_text)
                .is_some_and(|w| w.starts_with("always-ready"))
        };
        format!(
            "Each design drains each workload {} times (seed {}) on the lab's executor, as one \
             task (tokio's designs without tokio's cooperative budget): k always-ready sources \
             of {} items, k sources whose items all become ready together at each of {} \
             ticks, and k sources of which source 0 runs out after {} items (workloads in \
             this run: {}; seed 002). The verdict: each source's share of the first {} × k \
             always-ready items, and of every consecutive window of {} × k items before any \
             source can run out — one share per run, since runs are independent but the items \
             within a run need not be — its mean over the runs tested against an even split \
             with Student's t, Bonferroni-corrected over the sources, each test failing at \
             p < {}. A verdict combines several such tests, so a fair design is flagged with \
             probability of about {} per finding (Bonferroni over its tests). Each finding \
             also gives the smallest rise of one source's mean share that the window test \
             detects {}% of the time, given the spread between runs it measured — in this run \
             {} percentage points on the always-ready workloads: a rise of that size is \
             caught that often, a smaller one can pass. A pass needs every always-ready \
             workload to detect {} percentage points, from at least {} runs, and is \
             inconclusive otherwise. Who yields first (one draw per run) is tested with \
             Pearson's chi-square, cells expecting fewer than {} counts pooled. On same-ticks \
             the figure is which source is served first within a tick; timers due at the same \
             tick wake in a random order drawn from the run's seed. Where a design's model \
             predicts that the source woken first is served first, the prediction is the \
             executor's wake order, not the crate's code, and that workload is not counted \
             as compared with the model. The exact same-ticks sequences of the rotating and \
             alternating merges assume what the lab's executor does: one poll of the drain \
             after all of a tick's wakes (wakes are coalesced); an executor that polled once \
             per wake would shift them. Every other workload is compared with what the \
             design's pick model predicts from its crate's code — item by item for \
             deterministic picks, per run against the predicted shares, or against {} seeded \
             runs of a step-by-step model of the pick; the model claim's false-alarm rate is \
             about {}, and a rejected model is listed as contradicting the design's \
             declaration.",
            f.s("runs"),
            f.s("seed"),
            f.s("items"),
            f.s("ticks"),
            f.s("short"),
            f.texts(WORKLOAD).join(", "),
            f.s("window per source"),
            f.s("window per source"),
            f.s("alpha"),
            f.range(VERDICT_ALARM, |_| true),
            f.s("power %"),
            f.range(SKEW, always_ready),
            f.s("max undetected skew %"),
            f.s("min runs"),
            f.s("min expected"),
            f.s("model runs"),
            f.range(MODEL_ALARM, |_| true),
        )
    }

    fn deciding(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let metrics = WORKLOADS
            .iter()
            .flat_map(|&w| [window_p(w, "uniform"), window_p(w, "model")])
            .chain([WORST_WINDOW, PER_RUN_MODEL, VERDICT_ALARM, MODEL_ALARM].map(String::from));
        for m in metrics {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    fn table(&self, findings: &[&Finding]) -> Option<Table> {
        let workloads = workloads_in(findings);
        let columns = workloads
            .iter()
            .map(|w| format!("{w}: p even (worst window) · p model · longest run"))
            .collect();
        Some(section::rows(findings, columns, |f| {
            workloads.iter().map(|&w| cell(f, w)).collect()
        }))
    }

    /// A chart per workload, but of the always-ready ones only k = 2 and 4: k = 3 and 8
    /// tell the same story at a larger size, and the page has a size budget (their figures
    /// are in the table and on each finding).
    fn charts(&self, findings: &[&Finding]) -> Vec<Chart> {
        workloads_in(findings)
            .into_iter()
            .filter(|w| !matches!(w, Workload::AlwaysReady { k: 3 | 8 }))
            .filter_map(|w| shares_chart(findings, w))
            .collect()
    }
}

/// The workloads the findings report, in report order.
fn workloads_in(findings: &[&Finding]) -> Vec<Workload> {
    WORKLOADS
        .iter()
        .copied()
        .filter(|w| {
            let at = [(WORKLOAD, Param::from(w.to_string()))];
            findings
                .iter()
                .any(|f| f.figure(&window_p(*w, "uniform"), &at).is_some())
        })
        .collect()
}

/// "p even (worst window) · model · run" of one design on one workload.
fn cell(f: &Finding, w: Workload) -> String {
    let at = [(WORKLOAD, Param::from(w.to_string()))];
    let v = |metric: &str| f.value(metric, &at);
    let Some(p) = v(&window_p(w, "uniform")) else {
        return "—".into();
    };
    let per_run = f
        .figures_of(PER_RUN_MODEL)
        .find(|x| x.param(WORKLOAD) == Some(&at[0].1))
        .map(|x| x.value);
    let model = match (v(EXACT), v(&window_p(w, "model")).or(per_run)) {
        _ if v(WAKE_ORDER).is_some() => "the executor's wake order".to_string(),
        (Some(1.0), _) => "exact".to_string(),
        (Some(_), _) => "MISMATCH".to_string(),
        (None, Some(m)) => format::p_value(m),
        (None, None) => "—".to_string(),
    };
    let windows = v(WORST_WINDOW).map_or(String::new(), |p| {
        format!(" (worst window {})", format::p_value(p))
    });
    format!(
        "{}{windows} · model {model} · run {}",
        format::p_value(p),
        format::value(v(LONGEST_RUN).unwrap_or(0.0))
    )
}

/// Each design's shares (or, on same-ticks, who is served first) on one workload.
fn shares_chart(findings: &[&Finding], w: Workload) -> Option<Chart> {
    let metric = window_metric(w);
    let name = Param::from(w.to_string());
    fn share<'f>(f: &'f Finding, metric: &str, name: &Param, i: usize) -> Option<&'f Figure> {
        f.figure(metric, &[(WORKLOAD, name.clone()), (SOURCE, i.into())])
    }
    let rows: Vec<(String, Vec<f64>)> = findings
        .iter()
        .map(|f| {
            let shares = (0..)
                .map_while(|i| share(f, metric, &name, i))
                .map(|x| x.value)
                .collect();
            (f.design.id.clone(), shares)
        })
        .collect();
    let unit = findings
        .iter()
        .find_map(|f| share(f, metric, &name, 0))?
        .unit
        .clone();
    // Sources that can yield in this window are those some design gave a share.
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let even = (0..width)
        .filter(|&i| rows.iter().any(|r| r.1.get(i).is_some_and(|v| *v > 0.0)))
        .count();
    Some(Chart::Shares {
        title: format!("{w}: {metric} ({unit})"),
        rows,
        even,
    })
}
