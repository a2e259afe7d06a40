//! The machinery of a bulk run, shared by `pc users delete/restore --from` and `users
//! delete/reinvite`: the report (one JSON line per item, appended and flushed as each is done,
//! never overwritten), `--resume` from it, a bounded concurrency, a progress bar on a terminal
//! and the exit code of the whole run.

use std::collections::HashSet;
use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use futures_util::StreamExt;
use serde_json::Value;

use crate::Failure;

/// How a bulk run goes.
#[derive(clap::Args)]
pub(crate) struct RunOptions {
    /// Calls in flight at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Where to write one JSON line per user as it is done (default: FROM.report.jsonl for a
    /// delete, FROM.restore.jsonl or FROM.reinvite.jsonl for an undo).
    #[arg(long, requires = "from")]
    pub report: Option<PathBuf>,
    /// Skip the users the report already lists as done; append to it.
    #[arg(long, requires = "from")]
    pub resume: bool,
}

impl RunOptions {
    /// `--report`, else FROM + `suffix`.
    pub(crate) fn report_path(&self, from: &Path, suffix: &str) -> PathBuf {
        self.report.clone().unwrap_or_else(|| beside(from, suffix))
    }
}

/// How one item's line counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Done,
    Skipped,
    ServiceError,
    TransportError,
}

impl Class {
    /// The class of a failure whose exit code is `code`: a transport failure (run again with
    /// --resume) or one the service answered.
    pub(crate) fn of_failure(code: u8) -> Class {
        if code == Failure::TRANSPORT {
            Class::TransportError
        } else {
            Class::ServiceError
        }
    }
}

#[derive(Default)]
pub(crate) struct Tally {
    pub done: usize,
    pub skipped: usize,
    pub service_errors: usize,
    pub transport_errors: usize,
    write_error: Option<String>,
}

/// The keys a report line names its item by, first found first: what a failure is printed
/// with, and what `--resume` skips.
pub(crate) const NAME_KEYS: &[&str] = &["upn", "email", "user"];

/// Runs `work` on every job, `concurrency` at a time, writing each line to `report` (flushed
/// before the next: an interrupted run loses nothing) under a progress bar (drawn only on a
/// terminal).
pub(crate) async fn run_jobs<T, F, Fut>(
    jobs: Vec<T>,
    concurrency: usize,
    report: std::fs::File,
    work: F,
) -> Tally
where
    F: Fn(T) -> Fut,
    Fut: Future<Output = (Value, Class)>,
{
    let bar = indicatif::ProgressBar::new(jobs.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let tally = Mutex::new(Tally::default());
    let file = Mutex::new(report);
    futures_util::stream::iter(jobs)
        .map(work)
        .buffer_unordered(concurrency)
        .for_each(|(line, class)| {
            let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
            match class {
                Class::Done => t.done += 1,
                Class::Skipped => t.skipped += 1,
                Class::ServiceError => t.service_errors += 1,
                Class::TransportError => t.transport_errors += 1,
            }
            if matches!(class, Class::ServiceError | Class::TransportError) {
                let who = NAME_KEYS
                    .iter()
                    .find_map(|k| line[*k].as_str())
                    .unwrap_or("?");
                let why = line["error"].as_str().unwrap_or("");
                bar.println(crate::terminal_safe(&format!("{who}: {why}")));
            }
            let mut f = file.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = writeln!(f, "{line}").and_then(|_| f.flush()) {
                t.write_error.get_or_insert_with(|| e.to_string());
            }
            bar.inc(1);
            std::future::ready(())
        })
        .await;
    bar.finish_and_clear();
    tally.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// What a run's summary calls its outcomes, e.g. `["deleted", "already deleted"]`, and the
/// service it talks to (`Partner Center`).
pub(crate) struct Words {
    done: &'static str,
    skipped: &'static str,
    items: &'static str,
    service: &'static str,
}

impl Words {
    pub(crate) const fn new(
        done: &'static str,
        skipped: &'static str,
        items: &'static str,
        service: &'static str,
    ) -> Self {
        Words {
            done,
            skipped,
            items,
            service,
        }
    }
}

/// Prints the summary of a finished run and gives its exit: 4 when some calls did not reach
/// the service (run again with --resume), 3 when it refused some, 1 when the report could not
/// be written.
pub(crate) fn finish(
    t: Tally,
    done_before: usize,
    report: &Path,
    words: &Words,
) -> Result<(), Failure> {
    eprintln!(
        "{} {}, {} {}, failed {}, skipped (done earlier) {done_before}; report: {}",
        words.done,
        t.done,
        words.skipped,
        t.skipped,
        t.service_errors + t.transport_errors,
        report.display()
    );
    if let Some(e) = t.write_error {
        return Err(Failure::new(
            Failure::INTERNAL,
            format!("cannot write report {}: {e}", report.display()),
        ));
    }
    if t.transport_errors > 0 {
        return Err(Failure::new(
            Failure::TRANSPORT,
            format!(
                "some {} could not reach {}; run again with --resume",
                words.items, words.service
            ),
        ));
    }
    if t.service_errors > 0 {
        return Err(Failure::new(
            Failure::FAULT,
            format!(
                "some {} failed; see the report {}",
                words.items,
                report.display()
            ),
        ));
    }
    Ok(())
}

/// The users of a CSV file, in order, each once (`parse`'s values compared as lower-case
/// text). A header row (one where no value parses) names the column: `user`, `userId`,
/// `user_id`, `user id`, `id`, or one of `more_headers`; without one, the first column. A
/// file with a value `parse` refuses is refused whole (`bad` says what the values are not),
/// before anything is sent.
pub(crate) fn read_users<T: std::fmt::Debug>(
    path: &Path,
    more_headers: &[&str],
    bad_values: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = ["user", "userid", "user_id", "user id", "id"];
    let mut column = 0;
    let mut targets = Vec::new();
    let mut seen = HashSet::new();
    let mut bad = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record =
            record.map_err(|e| Failure::usage(format!("{}: line {line}: {e}", path.display())))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if index == 0 && !record.iter().any(|v| parse(v).is_some()) {
            column = record
                .iter()
                .position(|h| {
                    let h = h.to_ascii_lowercase();
                    headers.contains(&h.as_str()) || more_headers.contains(&h.as_str())
                })
                .ok_or_else(|| {
                    Failure::usage(format!(
                        "{}: the header row names no user column ({})",
                        path.display(),
                        headers
                            .iter()
                            .chain(more_headers)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            continue;
        }
        let value = record.get(column).unwrap_or("");
        let Some(target) = parse(value) else {
            bad.push(format!("line {line}: {value:?}"));
            continue;
        };
        if seen.insert(format!("{target:?}").to_lowercase()) {
            targets.push(target);
        }
    }
    if !bad.is_empty() {
        return Err(Failure::usage(format!(
            "{}: {bad_values} (nothing was sent): {}",
            path.display(),
            bad.join(", ")
        )));
    }
    if targets.is_empty() {
        return Err(Failure::usage(format!(
            "{}: no users in the file (nothing was sent)",
            path.display()
        )));
    }
    Ok(targets)
}

/// `FROM` + `suffix`: where a run's report goes by default.
fn beside(from: &Path, suffix: &str) -> PathBuf {
    let mut name = from.to_path_buf().into_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The lines of a report (`None`: there is none), each with its line number. A line cut
/// short by an interrupted run (the last one, or one a resumed run closed) is skipped; any
/// other malformed line is an error.
pub(crate) fn report_lines(path: &Path) -> Result<Option<Vec<(usize, Value)>>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::usage(format!(
                "cannot read report {}: {e}",
                path.display()
            )))
        }
    };
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(value @ Value::Object(_)) => lines.push((index + 1, value)),
            // Cut short mid-write: that item's outcome is unknown, and the run that resumes
            // tries it again.
            Err(e) if e.is_eof() => {}
            _ => {
                return Err(Failure::usage(format!(
                    "{}: line {} is not a report line (a JSON object); nothing was changed",
                    path.display(),
                    index + 1
                )))
            }
        }
    }
    Ok(Some(lines))
}

/// With `resume`: the items (their values of `keys`, lower case) an earlier run's report
/// lists with one of `outcomes`. Without: none.
pub(crate) fn done_in_report(
    report: &Path,
    resume: bool,
    outcomes: &[&str],
    keys: &[&str],
) -> Result<HashSet<String>, Failure> {
    let mut done = HashSet::new();
    if !resume {
        return Ok(done);
    }
    for (_, line) in report_lines(report)?.unwrap_or_default() {
        if !line["outcome"]
            .as_str()
            .is_some_and(|o| outcomes.contains(&o))
        {
            continue;
        }
        for key in keys {
            if let Some(v) = line[*key].as_str() {
                done.insert(v.to_lowercase());
            }
        }
    }
    Ok(done)
}

/// The report, open for appending (`None` on a dry run, which writes none). Without `resume`
/// an existing non-empty report is refused (it is never overwritten); a partial last line an
/// interrupted run left is ended first.
pub(crate) fn open_report(
    report: &Path,
    resume: bool,
    dry_run: bool,
) -> Result<Option<std::fs::File>, Failure> {
    if dry_run {
        return Ok(None);
    }
    if !resume && std::fs::metadata(report).is_ok_and(|m| m.len() > 0) {
        return Err(Failure::usage(format!(
            "report {} exists: add --resume to continue that run, or choose another --report",
            report.display()
        )));
    }
    let cannot = |e: std::io::Error| {
        Failure::new(
            Failure::INTERNAL,
            format!("cannot write report {}: {e}", report.display()),
        )
    };
    let partial = std::fs::read(report).is_ok_and(|b| b.last().is_some_and(|&c| c != b'\n'));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(report)
        .map_err(cannot)?;
    if partial {
        writeln!(file).map_err(cannot)?;
    }
    Ok(Some(file))
}

/// The items a run still has to do: those whose `key` (lower case) `done` does not hold.
/// When none is left, says so on standard error.
pub(crate) fn still_to_do<T>(
    items: Vec<T>,
    done: &HashSet<String>,
    key: impl Fn(&T) -> String,
) -> Vec<T> {
    let todo: Vec<T> = items
        .into_iter()
        .filter(|i| !done.contains(&key(i)))
        .collect();
    if todo.is_empty() {
        eprintln!("nothing to do: {} already done", done.len());
    }
    todo
}

/// The end of a dry run's list: the counts on standard error, and exit 3 when `refused` of
/// the `total` items cannot be done (`why` says what they are).
pub(crate) fn dry_run_end(
    total: usize,
    refused: usize,
    done: usize,
    why: &str,
) -> Result<(), Failure> {
    eprintln!(
        "dry run: {} to do, {refused} refused, {done} already done",
        total - refused
    );
    if refused > 0 {
        return Err(Failure::new(
            Failure::FAULT,
            format!("{refused} {why} (see the list)"),
        ));
    }
    Ok(())
}

/// Whether a CSV value is an e-mail address or sign-in name (has `@`, no white space).
pub(crate) fn is_address(value: &str) -> bool {
    value.contains('@') && !value.contains(char::is_whitespace)
}

/// The time a report line was written, RFC 3339 in UTC.
pub(crate) fn now_text() -> String {
    bingads::time::format_rfc3339(std::time::SystemTime::now())
}
