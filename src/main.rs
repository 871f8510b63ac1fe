//! The `pamphlet` command: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use pamphlet::diagnostic::{self, Diagnostic, Severity};
use pamphlet::{import, Options, Outcome};

#[derive(Parser)]
#[command(
    name = "pamphlet",
    version,
    about = "Build patient-education websites with their evidence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: ROOT/public]
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check the site without writing anything
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings too
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Show reading grade, words and sources of every page
    Stats {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write a small starter site into DIR
    New {
        /// Folder to create (must be empty or not exist)
        dir: PathBuf,
    },
    /// Convert CSL-JSON (.json) or BibTeX (.bib) into sources.yaml entries
    ImportSources {
        /// The file exported from Zotero or another reference manager
        file: PathBuf,
    },
    /// Preview the site, drafts included, rebuilding and reloading on every save
    Serve {
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = pamphlet::serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; anything but loopback opens the preview to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Where to write the preview [default: a temporary folder, never public/]
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Start an article with every front-matter section laid out
    NewArticle {
        /// The new file, inside content/, e.g. content/articles/walking.md
        path: PathBuf,
        /// The article's title
        #[arg(long)]
        title: String,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(clap::Args)]
struct SiteArgs {
    /// The site folder
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Judge review dates as on this day (YYYY-MM-DD) [default: today by
    /// the local calendar, or the date of SOURCE_DATE_EPOCH]
    #[arg(long)]
    today: Option<pamphlet::date::Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

/// A build allocates many small strings on every thread; mimalloc does
/// that faster than the system allocator (see docs/benchmark.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build { site, output } => {
            let options = Options {
                output,
                ..options(&site)
            };
            let outcome = pamphlet::build(&options);
            report(&options, &outcome, Format::Human);
            if outcome.written {
                eprintln!(
                    "built {} pages into {}",
                    outcome.pages,
                    options.output_dir().display()
                );
            }
            exit(&outcome, false)
        }
        Command::Check {
            site,
            format,
            deny_warnings,
        } => {
            let options = options(&site);
            let outcome = pamphlet::check(&options);
            report(&options, &outcome, format);
            exit(&outcome, deny_warnings)
        }
        Command::Stats { site } => {
            let options = options(&site);
            let outcome = pamphlet::check(&options);
            report(&options, &outcome, Format::Human);
            print!("{}", stats_table(&outcome.stats));
            exit(&outcome, false)
        }
        Command::New { dir } => match pamphlet::starter::write(&dir) {
            Ok(()) => {
                eprintln!(
                    "wrote a starter site in {}; build it with: pamphlet build --root {}",
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&format!("cannot write the starter site: {error}")),
        },
        Command::ImportSources { file } => import_sources(&file),
        Command::Serve {
            root,
            port,
            bind,
            output,
        } => {
            let options = pamphlet::serve::ServeOptions {
                site: Options {
                    output,
                    ..Options::new(root)
                },
                bind,
                port,
            };
            match pamphlet::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error.to_string()),
            }
        }
        Command::NewArticle { path, title, root } => {
            match pamphlet::new_article::write(&root, &path, &title) {
                Ok(file) => {
                    eprintln!("wrote {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&format!("cannot write the article: {error}")),
            }
        }
    }
}

fn options(site: &SiteArgs) -> Options {
    Options {
        drafts: site.drafts,
        today: site.today,
        ..Options::new(&site.root)
    }
}

fn report(options: &Options, outcome: &Outcome, format: Format) {
    match format {
        Format::Json => print!("{}", diagnostic::to_json(&outcome.diagnostics)),
        Format::Human => {
            let color = if std::io::stderr().is_terminal() {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            // Buffered: a report goes out in many small pieces.
            let mut out = BufferedStandardStream::stderr(color);
            let _ = diagnostic::emit(&mut out, &options.root, &outcome.diagnostics);
            let (errors, warnings) = counts(&outcome.diagnostics);
            if errors + warnings > 0 {
                let _ = writeln!(out, "{errors} error(s), {warnings} warning(s)");
            }
            let _ = out.flush();
        }
    }
}

/// One row a page: grade, words, sources; the hardest pages first.
fn stats_table(stats: &[pamphlet::render::PageStats]) -> String {
    let mut rows: Vec<&pamphlet::render::PageStats> = stats.iter().collect();
    rows.sort_by(|a, b| {
        b.grade
            .unwrap_or(0.0)
            .total_cmp(&a.grade.unwrap_or(0.0))
            .then(a.file.cmp(&b.file))
    });
    let mut out = format!("{:>5}  {:>6}  {:>7}  page\n", "grade", "words", "sources");
    for row in rows {
        let grade = row.grade.map_or("-".to_string(), |g| format!("{g:.1}"));
        out += &format!(
            "{grade:>5}  {:>6}  {:>7}  {}\n",
            row.words,
            row.sources,
            row.file.display()
        );
    }
    out
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.iter().filter(|d| d.is_warning()).count();
    (errors, warnings)
}

fn exit(outcome: &Outcome, deny_warnings: bool) -> ExitCode {
    let warned = outcome.diagnostics.iter().any(Diagnostic::is_warning);
    if outcome.has_errors() || (deny_warnings && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn import_sources(file: &std::path::Path) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => return fail(&format!("cannot read {}: {error}", file.display())),
    };
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (entries, problems) = if is_json {
        import::from_csl_json(&text)
    } else {
        import::from_bibtex(&text)
    };
    for problem in &problems {
        let mut line = format!(
            "{}:{}:{}: {}",
            file.display(),
            problem.line,
            problem.column,
            problem.message
        );
        if let Some(help) = &problem.help {
            line.push_str(&format!("\n  help: {help}"));
        }
        let severity = match problem.severity {
            Severity::Error => "error",
            Severity::Warning | Severity::Note => "warning",
        };
        eprintln!("{severity}: {line}");
    }
    print!("{}", import::to_yaml(&entries));
    if entries.is_empty() && !problems.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}
