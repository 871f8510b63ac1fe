//! `bench`: builds generated corpora with the release `pamphlet` binary,
//! and with Hugo and Zola when they are installed, and reports wall time,
//! pages per second and peak memory. `docs/benchmark.md` explains how to run it and
//! what the numbers mean.
//!
//! ```text
//! cargo bench -- --articles 1000,10000 --save-baseline docs/bench-baseline.json
//! ```
//!
//! Each build runs as a child process, as an editor would run it, so its
//! peak memory is its own (from `wait4`) and nothing is cached between runs.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
// `cargo clippy --all-targets` checks this bench with cfg(test) set but no
// test harness, so the corpus's unit tests (run by tests/corpus.rs) look unused.
#[cfg_attr(test, allow(dead_code, unused_imports))]
mod corpus;

use corpus::Corpus;
use serde::{Deserialize, Serialize};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

#[derive(Parser)]
#[command(
    name = "bench",
    about = "Benchmark pamphlet (and Hugo and Zola) on a generated corpus"
)]
struct Args {
    /// Corpus sizes, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    articles: Vec<usize>,
    /// Seed of the corpus generator
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Work folder for corpora and outputs [default: /dev/shm/pamphlet-bench,
    /// or pamphlet-bench in the temp folder without /dev/shm]
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Timed builds per tool and size
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// A results file from --save-baseline to compare with
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Write the results as JSON to this file
    #[arg(long)]
    save_baseline: Option<PathBuf>,
    /// The hugo binary [default: `hugo` on PATH, if any]
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Do not build with Hugo even when it is installed
    #[arg(long)]
    no_hugo: bool,
    /// The zola binary [default: `zola` on PATH, if any]
    #[arg(long)]
    zola: Option<PathBuf>,
    /// Do not build with Zola even when it is installed
    #[arg(long)]
    no_zola: bool,
    /// Keep the corpora and outputs (for profiling) instead of deleting them
    #[arg(long)]
    keep: bool,
    /// Passed by `cargo bench` to every bench target; nothing to do here
    #[arg(long, hide = true)]
    bench: bool,
}

/// Everything one invocation measured; also the baseline file's format.
#[derive(Serialize, Deserialize)]
struct Report {
    cores: usize,
    seed: u64,
    runs: usize,
    hugo_version: Option<String>,
    #[serde(default)]
    zola_version: Option<String>,
    sizes: Vec<SizeReport>,
}

#[derive(Serialize, Deserialize)]
struct SizeReport {
    articles: usize,
    /// Content pages pamphlet rendered (articles, sections, home).
    pages: usize,
    input_mb: f64,
    output_mb: f64,
    /// Reading every input file, single-threaded.
    read_input_s: f64,
    /// Reading and writing a copy of every output file, single-threaded.
    copy_output_s: f64,
    pamphlet: Measure,
    /// The same corpus with one reading-level warning per article, printed:
    /// what a build costs when editors have things to fix.
    #[serde(default)]
    pamphlet_warnings: Option<Measure>,
    hugo: Option<Measure>,
    #[serde(default)]
    zola: Option<Measure>,
    /// One-article edits rebuilt by a serve session.
    #[serde(default)]
    rebuild: Option<Rebuild>,
}

/// Timed one-article edits, as `pamphlet serve` rebuilds them.
#[derive(Serialize, Deserialize)]
struct Rebuild {
    best_ms: f64,
    median_ms: f64,
    /// Content pages each rebuild rendered, of `pages`.
    rendered: usize,
}

#[derive(Serialize, Deserialize)]
struct Measure {
    best_s: f64,
    median_s: f64,
    /// The least user + system CPU time over the runs: steadier than wall
    /// time on a shared machine, and it shows how much work there is.
    cpu_s: f64,
    /// The largest peak resident set size over the runs.
    peak_rss_mb: f64,
    /// Content pages per second of the best run.
    pages_per_s: f64,
}

/// One finished child process.
struct Run {
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: u64,
    success: bool,
    /// stdout and stderr together.
    output: String,
}

fn main() {
    if let Err(error) = bench(&Args::parse()) {
        eprintln!("bench: {error}");
        std::process::exit(1);
    }
}

fn bench(args: &Args) -> Result<()> {
    if args.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    let pamphlet = pamphlet_binary()?;
    let hugo = Rival::find(Tool::Hugo, args.hugo.as_deref(), args.no_hugo)?;
    let zola = Rival::find(Tool::Zola, args.zola.as_deref(), args.no_zola)?;
    let work = args.dir.clone().unwrap_or_else(default_dir);
    let version = |rival: &Option<Rival>| rival.as_ref().map(|r| r.version.clone());
    println!(
        "pamphlet: {}\nhugo: {}\nzola: {}\nwork folder: {}\n",
        pamphlet.display(),
        version(&hugo).as_deref().unwrap_or("not found (skipped)"),
        version(&zola).as_deref().unwrap_or("not found (skipped)"),
        work.display()
    );
    let mut report = Report {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        seed: args.seed,
        runs: args.runs,
        hugo_version: version(&hugo),
        zola_version: version(&zola),
        sizes: Vec::new(),
    };
    for &articles in &args.articles {
        let dir = work.join(format!("n{articles}"));
        let corpus = Corpus {
            articles,
            seed: args.seed,
        };
        let rivals = [hugo.as_ref(), zola.as_ref()];
        report
            .sizes
            .push(measure_size(args, corpus, &dir, &pamphlet, rivals)?);
        if !args.keep {
            fs::remove_dir_all(&dir)?;
        }
    }
    print_table(&report);
    if let Some(path) = &args.baseline {
        compare(&report, &read_report(path)?);
    }
    if let Some(path) = &args.save_baseline {
        fs::write(path, serde_json::to_string_pretty(&report)? + "\n")?;
        println!("\nsaved the results to {}", path.display());
    }
    Ok(())
}

/// The `pamphlet` binary that Cargo built for this bench, by the same profile.
fn pamphlet_binary() -> Result<PathBuf> {
    let path = PathBuf::from(env!("CARGO_BIN_EXE_pamphlet"));
    if !path.is_file() {
        return Err(format!(
            "{} is missing: run the bench with `cargo bench`",
            path.display()
        )
        .into());
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: this is a debug build; time the bench profile (`cargo bench`)");
    }
    Ok(path)
}

/// Another generator timed on the same corpus.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tool {
    Hugo,
    Zola,
}

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Hugo => "hugo",
            Tool::Zola => "zola",
        }
    }
}

/// A found rival: which tool, its binary and the version it reports.
struct Rival {
    tool: Tool,
    binary: PathBuf,
    version: String,
}

impl Rival {
    /// `explicit`, or the tool's name on `PATH`; `None` when skipped or
    /// not installed.
    fn find(tool: Tool, explicit: Option<&Path>, skip: bool) -> Result<Option<Rival>> {
        if skip {
            return Ok(None);
        }
        let binary = explicit.map(Path::to_path_buf).or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|dir| dir.join(tool.name()))
                .find(|candidate| candidate.is_file())
        });
        let Some(binary) = binary else {
            return Ok(None);
        };
        // `hugo version` prints "hugo v0.168.0-…", `zola --version` "zola 0.22.1".
        let flag = match tool {
            Tool::Hugo => "version",
            Tool::Zola => "--version",
        };
        let output = Command::new(&binary).arg(flag).output()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let version = text
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Some(Rival {
            tool,
            binary,
            version,
        }))
    }

    /// Writes the rival's version of the corpus into `site`.
    fn write_site(&self, corpus: Corpus, site: &Path) -> std::io::Result<()> {
        match self.tool {
            Tool::Hugo => corpus.write_hugo(site),
            Tool::Zola => corpus.write_zola(site),
        }
    }

    /// The command that builds `site` into `output`.
    fn build_command(&self, site: &Path, output: &Path) -> Command {
        let mut command = Command::new(&self.binary);
        match self.tool {
            Tool::Hugo => command
                .arg("--source")
                .arg(site)
                .arg("--destination")
                .arg(output)
                .arg("--quiet"),
            Tool::Zola => command
                .arg("--root")
                .arg(site)
                .arg("build")
                .arg("--output-dir")
                .arg(output),
        };
        command
    }
}

/// tmpfs keeps the disk, which is noisy on shared machines, out of it.
fn default_dir() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    parent.join("pamphlet-bench")
}

/// Generates one corpus and times the floor, pamphlet, Hugo and Zola on it.
fn measure_size(
    args: &Args,
    corpus: Corpus,
    dir: &Path,
    pamphlet: &Path,
    [hugo, zola]: [Option<&Rival>; 2],
) -> Result<SizeReport> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let site = dir.join("site");
    let started = Instant::now();
    corpus.write(&site)?;
    println!(
        "{} articles: generated the corpus in {:.2} s",
        corpus.articles,
        started.elapsed().as_secs_f64()
    );
    let output = dir.join("public");
    let (pamphlet_runs, pages) = time_pamphlet(args, pamphlet, &site, &output, Expect::Clean)?;
    let (read_input, input_bytes) = read_tree(&site)?;
    let (copy_output, output_bytes) = copy_tree(&output, &dir.join("floor-copy"))?;
    let time = |rival: Option<&Rival>| -> Result<Option<Measure>> {
        match rival {
            Some(rival) => Ok(Some(summarise(
                &time_rival(args, corpus, dir, rival)?,
                pages,
            ))),
            None => Ok(None),
        }
    };
    let hugo = time(hugo)?;
    let zola = time(zola)?;
    let rebuild = time_rebuild(args, &site, &dir.join("serve-public"))?;
    corpus::with_reading_warnings(&site)?;
    let warnings = Expect::Warnings(corpus.articles);
    let (warning_runs, _) = time_pamphlet(args, pamphlet, &site, &output, warnings)?;
    Ok(SizeReport {
        articles: corpus.articles,
        pages,
        input_mb: megabytes(input_bytes),
        output_mb: megabytes(output_bytes),
        read_input_s: read_input.as_secs_f64(),
        copy_output_s: copy_output.as_secs_f64(),
        pamphlet: summarise(&pamphlet_runs, pages),
        pamphlet_warnings: Some(summarise(&warning_runs, pages)),
        hugo,
        zola,
        rebuild: Some(rebuild),
    })
}

/// Builds the corpus in a serve session, then times `--runs` edits of one
/// article's body, each a different article, as the preview rebuilds them.
/// Runs in this process: the session is what keeps the site in memory.
fn time_rebuild(args: &Args, site: &Path, output: &Path) -> Result<Rebuild> {
    let mut session = pamphlet::Session::new(pamphlet::Options {
        output: Some(output.to_path_buf()),
        drafts: true,
        today: Some(corpus::TODAY),
        ..pamphlet::Options::new(site)
    });
    let first = session.rebuild(&[]);
    if first.has_errors() {
        return Err("the corpus does not build in a serve session".into());
    }
    let mut articles: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .min_depth(2)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md"))
        .collect();
    articles.sort();
    let mut times = Vec::new();
    let mut rendered = 0;
    for n in 0..args.runs {
        let path = &articles[(n * 7919) % articles.len()];
        let text = fs::read_to_string(path)?;
        fs::write(
            path,
            text.replacen("\n## ", "\nAn editor added this sentence.\n\n## ", 1),
        )?;
        let relative = path.strip_prefix(site)?.to_path_buf();
        let started = Instant::now();
        let outcome = session.rebuild(&[relative]);
        let elapsed = started.elapsed();
        if !outcome.written {
            return Err("a one-article edit did not rebuild cleanly".into());
        }
        rendered = outcome.rendered;
        println!(
            "  rebuild   {:>7.1} ms after editing one article ({} of {} pages rendered)",
            elapsed.as_secs_f64() * 1000.0,
            outcome.rendered,
            outcome.pages
        );
        times.push(elapsed.as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(Rebuild {
        best_ms: times[0],
        median_ms: times[times.len() / 2],
        rendered,
    })
}

/// What a timed build must print besides its last line.
#[derive(Clone, Copy)]
enum Expect {
    /// Nothing: the corpus is clean.
    Clean,
    /// This many warnings, one per article.
    Warnings(usize),
}

/// Runs `pamphlet build` `--runs` times; fails when it does not print
/// exactly what `expect` says.
fn time_pamphlet(
    args: &Args,
    pamphlet: &Path,
    site: &Path,
    output: &Path,
    expect: Expect,
) -> Result<(Vec<Run>, usize)> {
    let mut runs = Vec::new();
    let mut pages = 0;
    for _ in 0..args.runs {
        remove(output)?;
        let mut command = Command::new(pamphlet);
        command
            .args(["build", "--root"])
            .arg(site)
            .arg("--output")
            .arg(output)
            // The corpus's reviews are dated relative to its own "today".
            .env("SOURCE_DATE_EPOCH", corpus::SOURCE_DATE_EPOCH.to_string());
        let run = run_child(&mut command, &site.with_file_name("pamphlet.log"))?;
        pages = built_pages(&run, expect)?;
        print_run(
            match expect {
                Expect::Clean => "pamphlet",
                Expect::Warnings(_) => "pamphlet, warnings printed",
            },
            &run,
        );
        runs.push(run);
    }
    Ok((runs, pages))
}

/// The page count from a build's last line, `built N pages into …`,
/// once the build has printed what `expect` says and nothing else.
fn built_pages(run: &Run, expect: Expect) -> Result<usize> {
    let warnings = run
        .output
        .lines()
        .filter(|line| line.starts_with("warning"))
        .count();
    let problems = run
        .output
        .lines()
        .filter(|line| line.starts_with("error") || line.starts_with("note"))
        .count();
    let pages = run
        .output
        .lines()
        .last()
        .and_then(|line| line.strip_prefix("built "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    let (expected, wanted) = match expect {
        Expect::Clean => (0, "without errors or warnings"),
        Expect::Warnings(n) => (n, "with one reading-level warning per article"),
    };
    match pages {
        Some(pages) if run.success && problems == 0 && warnings == expected => Ok(pages),
        _ => Err(format!(
            "the corpus must build {wanted}, but pamphlet printed {warnings} warnings:\n{}",
            run.output.chars().take(4000).collect::<String>()
        )
        .into()),
    }
}

/// Writes the rival's version of the corpus and builds it `--runs` times.
fn time_rival(args: &Args, corpus: Corpus, dir: &Path, rival: &Rival) -> Result<Vec<Run>> {
    let name = rival.tool.name();
    let site = dir.join(format!("{name}-site"));
    rival.write_site(corpus, &site)?;
    let output = dir.join(format!("{name}-public"));
    let mut runs = Vec::new();
    for _ in 0..args.runs {
        remove(&output)?;
        let mut command = rival.build_command(&site, &output);
        let run = run_child(&mut command, &dir.join(format!("{name}.log")))?;
        if !run.success {
            return Err(format!("{name} failed:\n{}", run.output).into());
        }
        print_run(name, &run);
        runs.push(run);
    }
    Ok(runs)
}

fn print_run(tool: &str, run: &Run) {
    println!(
        "  {tool:<8}  {:>7.3} s wall  {:>7.2} s CPU  {:>6.0} MB",
        run.wall.as_secs_f64(),
        run.cpu.as_secs_f64(),
        run.peak_rss_kb as f64 / 1024.0
    );
}

fn remove(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    Ok(())
}

/// Runs `command` to the end with its output in `log`, and measures its
/// wall time and its own peak memory.
fn run_child(command: &mut Command, log: &Path) -> Result<Run> {
    let file = File::create(log)?;
    command
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file);
    let started = Instant::now();
    let child = command.spawn()?;
    let (status, usage) = wait4(child.id())?;
    let wall = started.elapsed();
    Ok(Run {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_rss_kb: usage.ru_maxrss.max(0) as u64,
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        output: fs::read_to_string(log)?,
    })
}

/// Waits for `pid` and returns its exit status and resource usage. The
/// standard library's `wait` gives no resource usage, and
/// `getrusage(RUSAGE_CHILDREN)` would mix pamphlet's peak with Hugo's.
fn wait4(pid: u32) -> Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: the pointers are to live locals; `pid` is our own child,
        // which `Child` never waits for after this reaps it.
        let reaped = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
        if reaped >= 0 {
            return Ok((status, usage));
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(error.into());
        }
    }
}

fn seconds(time: libc::timeval) -> Duration {
    Duration::from_secs(time.tv_sec.max(0) as u64)
        + Duration::from_micros(time.tv_usec.max(0) as u64)
}

/// Every file below `dir`, in walk order.
fn files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Reads every file below `dir`: the input half of the floor.
fn read_tree(dir: &Path) -> Result<(Duration, u64)> {
    let paths = files(dir)?;
    let started = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        bytes += fs::read(path)?.len() as u64;
    }
    Ok((started.elapsed(), bytes))
}

/// Copies every file below `from` into `to` by reading and writing it:
/// the output half of the floor.
fn copy_tree(from: &Path, to: &Path) -> Result<(Duration, u64)> {
    let paths = files(from)?;
    remove(to)?;
    let started = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        let target = to.join(path.strip_prefix(from)?);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let content = fs::read(path)?;
        fs::write(&target, &content)?;
        bytes += content.len() as u64;
    }
    let elapsed = started.elapsed();
    fs::remove_dir_all(to)?;
    Ok((elapsed, bytes))
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn summarise(runs: &[Run], pages: usize) -> Measure {
    let mut walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
    walls.sort_by(f64::total_cmp);
    let peak = runs.iter().map(|r| r.peak_rss_kb).max().unwrap_or(0);
    let cpu = runs.iter().map(|r| r.cpu).min().unwrap_or_default();
    Measure {
        best_s: walls[0],
        median_s: walls[walls.len() / 2],
        cpu_s: cpu.as_secs_f64(),
        peak_rss_mb: peak as f64 / 1024.0,
        pages_per_s: pages as f64 / walls[0],
    }
}

fn print_table(report: &Report) {
    println!(
        "\n{} cores, seed {}, best and median of {} runs\n",
        report.cores, report.seed, report.runs
    );
    println!(
        "| articles | pages | tool | best | median | CPU | pages/s | peak RSS | this ÷ pamphlet |"
    );
    println!("|---:|---:|---|---:|---:|---:|---:|---:|---|");
    for size in &report.sizes {
        print_row(size, "pamphlet", &size.pamphlet, "");
        if let Some(warnings) = &size.pamphlet_warnings {
            print_row(size, "pamphlet, warnings on", warnings, "");
        }
        for (tool, rival) in size.rivals() {
            let ratio = format!(
                "{:.1}× the time, {:.1}× the memory",
                rival.best_s / size.pamphlet.best_s,
                rival.peak_rss_mb / size.pamphlet.peak_rss_mb
            );
            print_row(size, tool, rival, &ratio);
        }
    }
    print_targets(report);
    println!("\nOne-article edit rebuilt by `pamphlet serve` (a session in memory)\n");
    println!("| articles | best | median | pages rendered |");
    println!("|---:|---:|---:|---:|");
    for size in &report.sizes {
        if let Some(rebuild) = &size.rebuild {
            println!(
                "| {} | {:.1} ms | {:.1} ms | {} of {} |",
                size.articles, rebuild.best_ms, rebuild.median_ms, rebuild.rendered, size.pages
            );
        }
    }
    println!("\nFloor (single-threaded): read all input, copy all of pamphlet's output\n");
    println!("| articles | input | output | read input | copy output | floor |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for size in &report.sizes {
        println!(
            "| {} | {:.0} MB | {:.0} MB | {:.3} s | {:.3} s | {:.3} s |",
            size.articles,
            size.input_mb,
            size.output_mb,
            size.read_input_s,
            size.copy_output_s,
            size.read_input_s + size.copy_output_s
        );
    }
}

impl SizeReport {
    fn rivals(&self) -> impl Iterator<Item = (&'static str, &Measure)> {
        [("hugo", &self.hugo), ("zola", &self.zola)]
            .into_iter()
            .filter_map(|(tool, measure)| Some((tool, measure.as_ref()?)))
    }
}

/// Issue 17's targets: pamphlet's best wall time with one warning per
/// article printed, as a share of each rival's best wall time.
fn print_targets(report: &Report) {
    println!(
        "\nTargets: pamphlet with its warnings printed, as a share of the rival's wall time\n"
    );
    println!("| articles | rival | share | target |");
    println!("|---:|---|---:|---|");
    for size in &report.sizes {
        let ours = size.pamphlet_warnings.as_ref().unwrap_or(&size.pamphlet);
        for (tool, rival) in size.rivals() {
            let target = if tool == "hugo" { 0.33 } else { 0.5 };
            let share = ours.best_s / rival.best_s;
            let verdict = if share <= target { "met" } else { "missed" };
            println!(
                "| {} | {tool} | {share:.2}× | ≤ {target}× ({verdict}) |",
                size.articles
            );
        }
    }
}

fn print_row(size: &SizeReport, tool: &str, measure: &Measure, note: &str) {
    println!(
        "| {} | {} | {tool} | {:.3} s | {:.3} s | {:.2} s | {:.0} | {:.0} MB | {note} |",
        size.articles,
        size.pages,
        measure.best_s,
        measure.median_s,
        measure.cpu_s,
        measure.pages_per_s,
        measure.peak_rss_mb
    );
}

fn read_report(path: &Path) -> Result<Report> {
    let text = fs::read_to_string(path)
        .map_err(|error| format!("cannot read the baseline {}: {error}", path.display()))?;
    Ok(serde_json::from_str(&text)
        .map_err(|error| format!("{} is not a bench results file: {error}", path.display()))?)
}

/// Prints the change of every pamphlet metric against the baseline, for
/// each corpus size measured in both. Lower is better except pages/s.
fn compare(report: &Report, baseline: &Report) {
    println!(
        "\nChange against the baseline (seed {}, {} cores):\n",
        baseline.seed, baseline.cores
    );
    if baseline.seed != report.seed {
        println!("warning: the baseline used another seed, so another corpus");
    }
    for size in &report.sizes {
        let Some(before) = baseline.sizes.iter().find(|s| s.articles == size.articles) else {
            println!("{} articles: not in the baseline", size.articles);
            continue;
        };
        let (new, old) = (&size.pamphlet, &before.pamphlet);
        println!(
            "{} articles: {} best wall time, {} median wall time, {} CPU time, {} peak RSS, {} pages/s",
            size.articles,
            change(new.best_s, old.best_s),
            change(new.median_s, old.median_s),
            change(new.cpu_s, old.cpu_s),
            change(new.peak_rss_mb, old.peak_rss_mb),
            change(new.pages_per_s, old.pages_per_s),
        );
        if let (Some(new), Some(old)) = (&size.rebuild, &before.rebuild) {
            println!(
                "{} articles: {} best one-article rebuild",
                size.articles,
                change(new.best_ms, old.best_ms)
            );
        }
    }
}

fn change(new: f64, old: f64) -> String {
    format!("{:+.1}%", (new - old) / old * 100.0)
}
