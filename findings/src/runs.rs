//! Where runs live, and the one place that reads and writes them: `reports/out/` keeps
//! every run in its own folder, named by its UTC start time, with its `findings.json`, and
//! a `latest` symlink to the newest, so earlier runs stay citable.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::{RunRecord, SCHEMA};

/// The run record's file name inside a run folder.
pub const FINDINGS: &str = "findings.json";

impl RunRecord {
    /// Loads the record of the run in `dir`, saying clearly what is wrong when it cannot.
    pub fn load(dir: &Path) -> Result<Self> {
        let (path, text) = read_findings(dir)?;
        let record: RunRecord = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid run record", path.display()))?;
        if record.schema != SCHEMA {
            return Err(wrong_schema(&path, record.schema.into()));
        }
        Ok(record)
    }

    /// Writes the record into the run folder `dir`, returning the file written.
    pub fn save(&self, dir: &Path) -> Result<PathBuf> {
        let path = dir.join(FINDINGS);
        fs::write(&path, serde_json::to_string_pretty(self)?)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }
}

/// The path and text of the run's `findings.json`, or why it cannot be read.
pub(crate) fn read_findings(dir: &Path) -> Result<(PathBuf, String)> {
    let path = dir.join(FINDINGS);
    let text = fs::read_to_string(&path).with_context(|| {
        format!(
            "cannot read {} — run `just bench` (or `lab check`) to produce it",
            path.display()
        )
    })?;
    Ok((path, text))
}

/// The error for a record of another schema version.
pub(crate) fn wrong_schema(path: &Path, found: u64) -> anyhow::Error {
    anyhow::anyhow!(
        "{} has schema {found}, this lab reads schema {SCHEMA}; re-run the checks",
        path.display()
    )
}

pub struct Runs {
    root: PathBuf,
}

impl Runs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Creates a new run folder named after `stamp` (made unique if taken) and points
    /// `latest` at it.
    pub fn create(&self, stamp: &str) -> Result<PathBuf> {
        fs::create_dir_all(&self.root)
            .with_context(|| format!("creating {}", self.root.display()))?;
        let base = stamp.replace(':', "-");
        let dir = (0..)
            .map(|i| match i {
                0 => self.root.join(&base),
                i => self.root.join(format!("{base}.{i}")),
            })
            .find(|d| !d.exists())
            .expect("some suffix is free");
        fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        self.point_latest(&dir)?;
        Ok(dir)
    }

    fn point_latest(&self, dir: &Path) -> Result<()> {
        let link = self.root.join("latest");
        match fs::symlink_metadata(&link) {
            Ok(m) if m.file_type().is_symlink() => fs::remove_file(&link)?,
            Ok(_) => anyhow::bail!("{} exists and is not a symlink", link.display()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let name = dir.file_name().expect("run folders have names");
        symlink(Path::new(name), &link).with_context(|| format!("linking {}", link.display()))
    }
}

/// The run `latest` points to, with a clear error when there is none yet.
pub fn latest(root: &Path) -> Result<PathBuf> {
    let link = root.join("latest");
    fs::canonicalize(&link).with_context(|| {
        format!(
            "no run found at {} — run `just bench` (or `lab check`) first",
            link.display()
        )
    })
}

// `latest` is a symlink, and the lab's other tools (valgrind, callgrind) are Unix ones too.
#[cfg(not(unix))]
compile_error!("the lab runs on Unix: reports/out/latest is a symlink");

fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}
