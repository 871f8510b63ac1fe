//! Answering one request: the preview's own routes under `/__pamphlet/`,
//! then files of the output folder, with the live-reload script added to
//! HTML pages on their way out (never to the files on disk).
//!
//! Every response says `Cache-Control: no-cache`, so a browser always asks
//! again and never shows a page from before the last rebuild.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use super::live::{Live, Status};
use super::paths::{self, Refused, Target};

/// The browser side of live reload and the error overlay.
const LIVE_JS: &str = include_str!("live.js");

/// Served when the site has no `404.html` (or has not built yet), as HTML
/// so that the error overlay can still appear on it.
const NOT_FOUND: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Not found</title></head>\n<body><h1>Not found</h1>\
<p>There is no page at this address in the preview.</p></body></html>\n";

/// Answers `request` from `output` (canonical) and the live state.
pub fn handle(request: Request, output: &Path, live: &Live) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return send(request, text(405, "only GET and HEAD are served\n"));
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match path {
        "/__pamphlet/live.js" => send(request, typed(200, LIVE_JS, "js")),
        "/__pamphlet/version" => live.poll(request, after(query)),
        "/__pamphlet/errors" => send(request, typed(200, live.errors_json(), "json")),
        _ => send_file(request, output, path, live),
    }
}

/// Answers a poll with the live status as JSON.
pub fn send_status(request: Request, status: &Status) {
    let json = serde_json::to_string(status).unwrap_or_default();
    send(request, typed(200, json, "json"));
}

/// The `after=N` of a poll: the version the page already shows.
fn after(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("after="))
        .and_then(|n| n.parse().ok())
}

fn send_file(request: Request, output: &Path, path: &str, live: &Live) {
    match lookup(output, path) {
        Err(Refused) => send(request, text(400, "this path is not allowed\n")),
        Ok(Target::Redirect(location)) => {
            // 302, not 301: a preview's folders come and go, and browsers
            // remember a permanent redirect long after it stops being true.
            let mut response = text(302, "");
            add_header(&mut response, "Location", &location);
            send(request, response);
        }
        Ok(Target::File(file)) => send_found(request, &file, 200, live),
        Ok(Target::NotFound) => match lookup(output, "/404.html") {
            Ok(Target::File(page)) => send_found(request, &page, 404, live),
            _ => send(request, html(404, NOT_FOUND, live)),
        },
    }
}

/// [`paths::resolve`], waiting out the moment of a rebuild's swap: the
/// output is replaced by two renames (see `write.rs`), and a request that
/// lands between them should get the new site, not a 404.
fn lookup(output: &Path, path: &str) -> Result<Target, Refused> {
    let found = paths::resolve(output, path)?;
    if found != Target::NotFound || output.exists() {
        return Ok(found);
    }
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(2));
        if output.exists() {
            return paths::resolve(output, path);
        }
    }
    Ok(Target::NotFound)
}

fn send_found(request: Request, file: &Path, code: u16, live: &Live) {
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    if extension.eq_ignore_ascii_case("html") {
        let mut page = Vec::new();
        match File::open(file).and_then(|mut f| f.read_to_end(&mut page)) {
            Ok(_) => send(request, html(code, &String::from_utf8_lossy(&page), live)),
            Err(_) => send(request, text(404, "not found\n")),
        }
        return;
    }
    match File::open(file) {
        Ok(open) => {
            let mut response = Response::from_file(open).with_status_code(code);
            add_header(&mut response, "Content-Type", content_type(extension));
            send(request, response);
        }
        Err(_) => send(request, text(404, "not found\n")),
    }
}

/// An HTML response with the live-reload script in it.
fn html(code: u16, page: &str, live: &Live) -> Response<std::io::Cursor<Vec<u8>>> {
    typed(code, inject(page, live.status().version), "html")
}

/// Puts the live-reload script just before `</body>` (or at the end when
/// there is none). `version` is the build the page comes from, so that a
/// rebuild finishing before the script has loaded still reloads the page.
pub fn inject(page: &str, version: u64) -> String {
    let tag = format!("<script src=\"/__pamphlet/live.js\" data-version=\"{version}\"></script>\n");
    // ASCII lowercasing keeps byte offsets, so the index is valid in `page`.
    let at = page
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + tag.len());
    out.push_str(&page[..at]);
    out.push_str(&tag);
    out.push_str(&page[at..]);
    out
}

/// The media type for a file extension; unknown ones are sent as bytes.
pub fn content_type(extension: &str) -> &'static str {
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn typed(
    code: u16,
    body: impl Into<Vec<u8>>,
    extension: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(body.into()).with_status_code(code);
    add_header(&mut response, "Content-Type", content_type(extension));
    response
}

fn text(code: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    typed(code, body, "txt")
}

fn add_header<R: Read>(response: &mut Response<R>, name: &str, value: &str) {
    // Every value here is ASCII (fixed strings, numbers, re-encoded paths),
    // which is all `from_bytes` refuses.
    if let Ok(header) = Header::from_bytes(name, value) {
        response.add_header(header);
    }
}

/// Sends a response with the headers every answer carries. A client that
/// went away is no error of ours, so failures to send are ignored.
fn send<R: Read>(request: Request, mut response: Response<R>) {
    add_header(&mut response, "Cache-Control", "no-cache");
    add_header(&mut response, "X-Content-Type-Options", "nosniff");
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = "<html><body><p>&lt;/body&gt;</p>\n</BODY></html>";
        let injected = inject(page, 7);
        assert!(injected.ends_with(
            "<script src=\"/__pamphlet/live.js\" data-version=\"7\"></script>\n</BODY></html>"
        ));
        assert_eq!(
            inject("<p>fragment</p>", 1),
            "<p>fragment</p><script src=\"/__pamphlet/live.js\" data-version=\"1\"></script>\n"
        );
    }

    #[test]
    fn polls_name_the_version_they_have() {
        assert_eq!(after("after=12"), Some(12));
        assert_eq!(after("x=1&after=3"), Some(3));
        assert_eq!(after(""), None);
        assert_eq!(after("after=x"), None);
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("woff2"), "font/woff2");
        assert_eq!(content_type("ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("exe"), "application/octet-stream");
    }
}
