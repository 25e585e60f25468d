//! Figures as typed records: a metric, its unit, a value and the named parameters it was
//! measured at (`n`, `depth`, `workload`, `source`, ...), so that producers never format a
//! parameter into a name and consumers never parse it back out. What could not be measured
//! is a record of its own ([`NotMeasured`]), never a number or a verdict standing in for it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A parameter value: a count or index, or a name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Param {
    Int(i64),
    Text(String),
}

impl Param {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Param::Int(v) => Some(*v),
            Param::Text(_) => None,
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Param::Text(s) => Some(s),
            Param::Int(_) => None,
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Param::Int(v) => write!(f, "{v}"),
            Param::Text(s) => f.write_str(s),
        }
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl From<$t> for Param {
            fn from(v: $t) -> Self {
                Param::Int(i64::try_from(v).expect("parameter fits in i64"))
            }
        }
    )*};
}
int_param!(u8, u16, u32, u64, usize, i32, i64);

impl From<&str> for Param {
    fn from(v: &str) -> Self {
        Param::Text(v.to_string())
    }
}

impl From<String> for Param {
    fn from(v: String) -> Self {
        Param::Text(v)
    }
}

pub type Params = BTreeMap<String, Param>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What is measured, without its parameters: "ns/item", "share", "p shares vs uniform".
    pub metric: String,
    pub value: f64,
    pub unit: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: Params,
}

impl Figure {
    pub fn new(metric: impl Into<String>, value: f64, unit: impl Into<String>) -> Self {
        Self {
            metric: metric.into(),
            value,
            unit: unit.into(),
            params: Params::new(),
        }
    }

    /// The same figure, measured at `key = value`.
    pub fn at(mut self, key: &str, value: impl Into<Param>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    /// Whether this is `metric` at exactly the parameters `at` (no more, no fewer).
    pub fn is(&self, metric: &str, at: &[(&str, Param)]) -> bool {
        self.metric == metric
            && self.params.len() == at.len()
            && at.iter().all(|(k, v)| self.params.get(*k) == Some(v))
    }

    pub fn param(&self, key: &str) -> Option<&Param> {
        self.params.get(key)
    }

    /// "ns/item (n=8)": the metric with its parameters, for a reader.
    pub fn label(&self) -> String {
        label(&self.metric, &self.params)
    }
}

fn label(metric: &str, params: &Params) -> String {
    if params.is_empty() {
        return metric.to_string();
    }
    let params: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{metric} ({})", params.join(", "))
}

/// A figure that was asked for but could not be measured, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotMeasured {
    pub metric: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: Params,
    pub reason: String,
}

impl NotMeasured {
    pub fn new(metric: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            metric: metric.into(),
            params: Params::new(),
            reason: reason.into(),
        }
    }

    pub fn at(mut self, key: &str, value: impl Into<Param>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    /// "what (params): why", for a reader.
    pub fn describe(&self) -> String {
        format!("{}: {}", label(&self.metric, &self.params), self.reason)
    }
}

/// One parameter of a query: `finding.value("ns/item", &[param("n", 8)])`.
pub fn param(key: &str, value: impl Into<Param>) -> (&str, Param) {
    (key, value.into())
}
