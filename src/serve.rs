//! `pamphlet serve`: a live preview of the site that rebuilds on every save.
//!
//! Entry point: [`Server::start`] (and [`run`] for the command line). The
//! preview is built with drafts into a temporary folder, or `--output`,
//! never into `public/`, so it cannot clobber a real build. Threads:
//!
//! - **workers** (`WORKERS` of them) take requests from tiny_http's queue
//!   and answer them (`http.rs`): only files inside the output folder
//!   (`paths.rs`), with the live-reload script added to HTML on the way out;
//! - **the rebuild loop** waits for a debounced batch of changes
//!   (`watch.rs`), rebuilds (`Preview::rebuild`), prints the result and
//!   publishes it to the open pages (`live.rs`), whose script then reloads
//!   them or shows the build's errors over them;
//! - tiny_http's own: one that accepts connections, one per connection.
//!
//! Rebuilds go through a [`Session`](crate::Session), which keeps the site
//! in memory: the first build and any change to the site's shape are full
//! builds, staged and swapped in whole; an edit to existing pages renders
//! only the pages it affects and renames each changed file into place. A
//! build that fails writes nothing and leaves the last good site in place.
//! Nothing a site contains can stop the server: a build that panics is
//! reported like any other failed build, and the session starts afresh.

mod http;

pub use http::content_type;
mod live;
mod paths;
mod watch;

use std::io::{self, IsTerminal};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use codespan_reporting::term::termcolor::Buffer;

use crate::diagnostic::{self, Diagnostic};
use crate::{Options, Outcome, Session};
use live::Live;
use watch::Watch;

/// The port `pamphlet serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;

/// Threads answering requests. Each answer is a file read, and a waiting
/// live-reload poll holds none of them, so a few are plenty.
const WORKERS: usize = 4;

/// How often the rebuild loop looks up from waiting for changes, to notice
/// a stop and to answer polls that have waited long enough.
const TICK: Duration = Duration::from_millis(200);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site to build. `drafts` is always on in a preview; `output` is
    /// a fresh temporary folder unless set.
    pub site: Options,
    /// The address to listen on: loopback unless told otherwise, so the
    /// preview of unpublished pages is not open to the network.
    pub bind: IpAddr,
    /// The port; 0 picks a free one (see [`Server::port`]).
    pub port: u16,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            site: Options::new(root),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
        }
    }
}

/// What one rebuild did.
struct RebuildReport {
    outcome: Outcome,
    elapsed: Duration,
}

/// Builds the preview: in full at first, then only what each change
/// affects (see `session.rs`).
struct Preview {
    session: Mutex<Session>,
    root: PathBuf,
}

impl Preview {
    fn rebuild(&self, changed: &[PathBuf]) -> RebuildReport {
        let started = Instant::now();
        let mut session = self.session.lock().unwrap_or_else(|poisoned| {
            // A rebuild panicked half way: trust nothing it remembered.
            let mut session = poisoned.into_inner();
            session.forget();
            session
        });
        let outcome = session.rebuild(changed);
        RebuildReport {
            outcome,
            elapsed: started.elapsed(),
        }
    }
}

/// What the workers and the rebuild loop share.
struct Shared {
    preview: Preview,
    /// The output folder, canonical.
    output: PathBuf,
    live: Live,
    stopping: AtomicBool,
}

impl Shared {
    /// Rebuilds, says how it went in the terminal, and tells the pages.
    fn rebuild(&self, changed: &[PathBuf]) {
        let report = catch_unwind(AssertUnwindSafe(|| self.preview.rebuild(changed)))
            .unwrap_or_else(|_| crashed());
        print_report(&self.preview.root, changed, &report);
        self.live.publish(&report);
    }

    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }
}

/// A running preview server; stops when [`Server::stop`] is called or it
/// is dropped.
pub struct Server {
    shared: Arc<Shared>,
    http: Arc<tiny_http::Server>,
    address: SocketAddr,
    workers: Vec<JoinHandle<()>>,
    rebuilder: Option<JoinHandle<()>>,
    /// The temporary output folder, if one was made; declared last so it
    /// is removed only once every thread has stopped.
    _scratch: Option<tempfile::TempDir>,
}

impl Server {
    /// Listens, builds the site once, then serves it and rebuilds on every
    /// change. Fails only when it cannot listen, watch or make the output
    /// folder; a site that does not build is served with its errors.
    pub fn start(options: ServeOptions) -> io::Result<Server> {
        let listener = listen(options.bind, options.port)?;
        let address = listener.local_addr()?;
        let root = options.site.root.canonicalize().map_err(|error| {
            io::Error::new(
                error.kind(),
                format!("cannot open {}: {error}", options.site.root.display()),
            )
        })?;
        let (output, scratch) = output_folder(options.site.output.as_deref())?;
        let watch = Watch::start(&root).map_err(io::Error::other)?;
        let shared = Arc::new(Shared {
            preview: Preview {
                session: Mutex::new(Session::new(Options {
                    root: root.clone(),
                    output: Some(output.clone()),
                    drafts: true,
                    ..options.site
                })),
                root,
            },
            output,
            live: Live::default(),
            stopping: AtomicBool::new(false),
        });
        shared.rebuild(&[]);
        let http =
            Arc::new(tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?);
        let workers = (0..WORKERS)
            .map(|_| {
                let (http, shared) = (Arc::clone(&http), Arc::clone(&shared));
                std::thread::spawn(move || work(&http, &shared))
            })
            .collect();
        let rebuilder = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || rebuild_on_change(&shared, watch))
        };
        Ok(Server {
            shared,
            http,
            address,
            workers,
            rebuilder: Some(rebuilder),
            _scratch: scratch,
        })
    }

    /// The port listened on: the real one when 0 was asked for.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The preview's address, e.g. `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// The folder the preview is written to.
    pub fn output(&self) -> &Path {
        &self.shared.output
    }

    /// Stops serving and watching, and removes the temporary output.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Finishes the requests and the rebuild under way, then answers every
    /// waiting poll. Safe to call twice.
    fn shutdown(&mut self) {
        self.shared.stopping.store(true, Ordering::Release);
        for _ in &self.workers {
            self.http.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        if let Some(rebuilder) = self.rebuilder.take() {
            let _ = rebuilder.join();
        }
        self.shared.live.release();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Runs `pamphlet serve` until Ctrl-C.
pub fn run(options: ServeOptions) -> io::Result<()> {
    let (interrupted, on_interrupt) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = interrupted.send(());
    })
    .map_err(io::Error::other)?;
    let open_to_network = !options.bind.is_loopback();
    let server = Server::start(options)?;
    if open_to_network {
        eprintln!(
            "warning: the preview, drafts included, is open to other machines on the network"
        );
    }
    eprintln!(
        "serving the preview (drafts included) at {}\n\
         watching content/, templates/, static/ and site.yaml; writing to {}\n\
         press Ctrl-C to stop",
        server.url(),
        server.output().display()
    );
    let _ = on_interrupt.recv();
    eprintln!("stopping the preview");
    server.stop();
    Ok(())
}

/// Listens on `ip:port`, or says plainly why not and what to do instead.
fn listen(ip: IpAddr, port: u16) -> io::Result<TcpListener> {
    let address = SocketAddr::new(ip, port);
    TcpListener::bind(address).map_err(|error| {
        let message = match error.kind() {
            io::ErrorKind::AddrInUse => format!(
                "{address} is already in use (is another `pamphlet serve` running?); \
                 choose another port, e.g. `--port {}`",
                port.checked_add(1).unwrap_or(DEFAULT_PORT)
            ),
            io::ErrorKind::AddrNotAvailable => format!(
                "{ip} is not an address of this machine; leave out `--bind` to use 127.0.0.1"
            ),
            _ => format!("cannot listen on {address}: {error}"),
        };
        io::Error::new(error.kind(), message)
    })
}

/// The output folder, made if needed, and the temporary folder holding it
/// when none was given. Canonical so that served files can be checked
/// against it; built from the canonical *parent*, because the folder
/// itself is replaced on every rebuild.
fn output_folder(given: Option<&Path>) -> io::Result<(PathBuf, Option<tempfile::TempDir>)> {
    let (output, scratch) = match given {
        Some(output) => (std::path::absolute(output)?, None),
        None => {
            let scratch = tempfile::Builder::new()
                .prefix("pamphlet-serve-")
                .tempdir()?;
            (scratch.path().join("site"), Some(scratch))
        }
    };
    std::fs::create_dir_all(&output)?;
    let canonical = match (output.parent(), output.file_name()) {
        (Some(parent), Some(name)) => parent.canonicalize()?.join(name),
        _ => output.canonicalize()?,
    };
    Ok((canonical, scratch))
}

fn work(http: &tiny_http::Server, shared: &Shared) {
    loop {
        match http.recv() {
            // A bug in answering one request must not take a worker down.
            Ok(request) => {
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    http::handle(request, &shared.output, &shared.live)
                }));
            }
            Err(_) if shared.stopping() => return,
            Err(error) => eprintln!("warning: {error}"),
        }
    }
}

fn rebuild_on_change(shared: &Shared, mut watch: Watch) {
    while !shared.stopping() {
        let changed = watch.changes(TICK);
        if !changed.is_empty() {
            shared.rebuild(&changed);
        }
        shared.live.expire();
    }
}

/// A build that panicked, reported as a failed build so the server and
/// the last good site stay up.
fn crashed() -> RebuildReport {
    let problem = Diagnostic::error("internal", "the build crashed; this is a bug in pamphlet")
        .help("the message above says where; please report it with the file you changed");
    RebuildReport {
        outcome: Outcome {
            diagnostics: vec![problem],
            ..Outcome::default()
        },
        elapsed: Duration::ZERO,
    }
}

/// Tells the terminal what changed and how the rebuild went: the errors in
/// full, warnings only counted (`pamphlet check --drafts` lists them).
fn print_report(root: &Path, changed: &[PathBuf], report: &RebuildReport) {
    if let Some(first) = changed.first() {
        let more = match changed.len() - 1 {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        eprintln!("changed: {}{more}", first.display());
    }
    let outcome = &report.outcome;
    let errors: Vec<Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let warnings = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_warning())
        .count();
    let ms = report.elapsed.as_millis();
    if outcome.written {
        let warned = match warnings {
            0 => String::new(),
            n => format!("; {n} warning(s), listed by `pamphlet check --drafts`"),
        };
        let pages = if outcome.rendered < outcome.pages {
            format!("{} of {} pages", outcome.rendered, outcome.pages)
        } else {
            format!("{} pages", outcome.pages)
        };
        eprintln!("rebuilt {pages} in {ms} ms{warned}");
    } else {
        // Printed through a buffer and `eprint!` so that tests capture it.
        let mut out = if io::stderr().is_terminal() {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        let _ = diagnostic::emit(&mut out, root, &errors);
        eprint!("{}", String::from_utf8_lossy(out.as_slice()));
        eprintln!(
            "the build failed with {} error(s) in {ms} ms; still serving the last good site",
            errors.len()
        );
    }
}
