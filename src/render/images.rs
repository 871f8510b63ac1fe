//! The pictures of a page (its lead `image`, its `figures` and the
//! pictures in its Markdown): each file resolved to a URL relative to the
//! page, with its width and height read from the file so the browser keeps
//! room for it while it loads, and smaller copies for narrow screens
//! (`srcset`, made by `resize.rs`).
//!
//! Sizes come from the `imagesize` crate, which reads only a file's first
//! bytes; SVG has no pixel size and is shown at the width of the text.
//! [`Pictures`] makes each picture's copies once per build, however many
//! pages show it, on the thread of the first page that needs them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::resize::{self, Failure, Format, Made, Original};
use crate::context::ImageContext;
use crate::diagnostic::Diagnostic;
use crate::href;
use crate::markdown::{Picture, TextProblem};
use crate::model::Figure;
use crate::resolve::{Page, Site};
use crate::write::Output;
use crate::yaml::Step;

/// The widest a picture shows, in CSS pixels: the text column of the
/// default theme (70 characters) on a large screen.
const COLUMN: u32 = 700;

/// What one picture is: its size, and its copies when it has any.
struct Looked {
    size: Result<Option<(u32, u32)>, String>,
    made: Result<Made, Failure>,
}

/// One picture, looked at by the first page that shows it.
type Slot = Arc<OnceLock<Looked>>;

/// Every picture of one build, by output path, each read and resized
/// once.
pub struct Pictures {
    cache: Option<PathBuf>,
    made: Mutex<HashMap<String, Slot>>,
}

impl Pictures {
    /// Copies are looked for in, and added to, `cache`.
    pub fn new(cache: Option<PathBuf>) -> Pictures {
        Pictures {
            cache,
            made: Mutex::default(),
        }
    }

    /// The picture at `file` on disk and `output_path` in the output,
    /// read and resized by the first page that asks; pages that ask
    /// meanwhile wait for it. `read` takes what is needed of it.
    fn look<T>(
        &self,
        (file, output_path): (&Path, &str),
        output: &dyn Output,
        read: impl FnOnce(&Looked) -> T,
    ) -> T {
        let slot = {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(made.entry(output_path.to_string()).or_default())
        };
        let looked = slot.get_or_init(|| {
            let size = pixel_size(file);
            let made = match (&size, Format::of(file)) {
                (Ok(Some((width, _))), Some(format)) => {
                    let original = Original {
                        file,
                        output: output_path,
                        width: *width,
                        format,
                    };
                    resize::copies(&original, self.cache.as_deref(), output)
                }
                _ => Ok(Made::default()),
            };
            Looked { size, made }
        });
        read(looked)
    }

    /// Deletes the cache's copies of pictures this build did not show:
    /// call after a build that rendered every page.
    pub fn prune_cache(&self) {
        let Some(cache) = &self.cache else {
            return;
        };
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let used: HashSet<String> = made
            .values()
            .filter_map(|slot| slot.get()?.made.as_ref().ok()?.key.clone())
            .collect();
        resize::prune(cache, &used);
    }
}

/// `figure` of `page`, ready for the template; `None` after a problem,
/// which is pushed onto `problems`, pointing at the file name written at
/// `path` in the front matter.
pub fn resolve<'p>(
    site: &Site<'_>,
    page: &Page<'_>,
    figure: &'p Figure,
    path: &[Step<'_>],
    (pictures, output): (&Pictures, &dyn Output),
    problems: &mut Vec<Diagnostic>,
) -> Option<ImageContext<'p>> {
    let at =
        |problem: Diagnostic| problem.at_location(page.file.value_location(path, &figure.file, 0));
    let src = match site.rewrite_link(page, &figure.file) {
        Ok(Some(rewritten)) => rewritten.href,
        Ok(None) => {
            problems.push(at(Diagnostic::error(
                "broken-link",
                format!("the image `{}` is not a file of the site", figure.file),
            )
            .help("put the picture inside content/ (beside the page is simplest) and give its path relative to the page: the site makes no requests to other websites")));
            return None;
        }
        Err(message) => {
            problems.push(at(Diagnostic::error("broken-link", message).help(
                "give the picture's path relative to the page's own file, e.g. `images/walking.jpg`",
            )));
            return None;
        }
    };
    let shown = picture(site, page, &figure.file, &src, pictures, output);
    problems.extend(shown.problems.into_iter().map(|p| {
        let diagnostic = match p.is_error {
            true => Diagnostic::error(p.code, p.message),
            false => Diagnostic::warning(p.code, p.message),
        };
        at(diagnostic.help(p.help))
    }));
    Some(ImageContext {
        from_root: from_root(&page.url, &src),
        src,
        alt: &figure.alt,
        caption: figure.caption.as_deref(),
        credit: figure.credit.as_deref(),
        width: shown.width,
        height: shown.height,
        srcset: shown.srcset,
        sizes: shown.sizes,
    })
}

/// What `page` shows of the picture written there as `file`, a file of
/// the site linked as `src`: its size, and its smaller copies (made now
/// if no page made them yet). Problems come with offset 0.
pub fn picture(
    site: &Site<'_>,
    page: &Page<'_>,
    file: &str,
    src: &str,
    pictures: &Pictures,
    output: &dyn Output,
) -> Picture {
    let disk = file_on_disk(site, page, file);
    let output_path = from_root(&page.url, src);
    pictures.look((&disk, &output_path), output, |looked| {
        shown(looked, page, file, src)
    })
}

/// [`picture`] from what was found of it.
fn shown(looked: &Looked, page: &Page<'_>, file: &str, src: &str) -> Picture {
    let mut shown = Picture::default();
    let (width, height) = match &looked.size {
        Ok(Some(size)) => *size,
        Ok(None) => return shown,
        Err(why) => {
            shown.problems.push(problem(
                "image",
                true,
                format!("cannot read the size of `{file}`: {why}"),
                "use a PNG, JPEG, GIF, WebP, AVIF or SVG file",
            ));
            return shown;
        }
    };
    (shown.width, shown.height) = (Some(width), Some(height));
    match &looked.made {
        Ok(made) if !made.copies.is_empty() => {
            let mut srcset: Vec<String> = (made.copies.iter())
                .map(|copy| candidate(&href::relative(&page.url, &copy.output), copy.width))
                .collect();
            srcset.push(candidate(
                src.split(['?', '#']).next().unwrap_or(src),
                width,
            ));
            shown.srcset = Some(srcset.join(", "));
            // The picture never shows wider than itself or the column.
            let widest = width.min(COLUMN);
            shown.sizes = Some(format!("(max-width: {widest}px) 100vw, {widest}px"));
        }
        Ok(_) => {}
        Err(failure) => shown.problems.push(failed(file, failure.clone())),
    }
    shown
}

/// One entry of a `srcset`: commas inside a URL would split it.
fn candidate(url: &str, width: u32) -> String {
    format!("{} {width}w", url.replace(',', "%2C"))
}

fn failed(file: &str, failure: Failure) -> TextProblem {
    match failure {
        Failure::Damaged(why) => problem(
            "image",
            true,
            format!("`{file}` cannot be read as a picture: {why}"),
            "open it in an image editor and save it again, or replace it: readers would see a broken picture",
        ),
        Failure::NotResized(why) => problem(
            "image-not-resized",
            false,
            format!("`{file}` is shown as it is, with no smaller copies for phones: {why}"),
            "save a smaller version (2,000 pixels wide is plenty for a web page) as an ordinary PNG or JPEG",
        ),
        Failure::Write(why) => problem(
            "write",
            true,
            why,
            "check that the output folder's disk has room and can be written",
        ),
        Failure::Clash(name) => problem(
            "image",
            true,
            format!("the file `{name}` beside `{file}` has the name pamphlet gives a smaller copy of it"),
            &format!("rename `{name}`: names that end in a width, such as `walk.480w.png`, are pamphlet's"),
        ),
    }
}

fn problem(code: &'static str, is_error: bool, message: String, help: &str) -> TextProblem {
    TextProblem {
        offset: 0,
        code,
        message,
        help: help.to_string(),
        is_error,
    }
}

/// The decoded path from the site root of `href`, a relative link written
/// on the page at `page_url`: `../images/my%20walk.png` from
/// `articles/a/index.html` is `articles/images/my walk.png`.
fn from_root(page_url: &str, href: &str) -> String {
    href::resolve(page_url, href).map_or_else(String::new, |target| target.path)
}

/// Where `file`, written in `page` as a link is (percent-encoded or
/// not), lies on disk. Only called once the link is known to stay inside
/// content/.
fn file_on_disk(site: &Site<'_>, page: &Page<'_>, file: &str) -> PathBuf {
    let from = page.file.content_path().to_string_lossy();
    let path = href::resolve(&from, file).map_or_else(|| file.to_string(), |target| target.path);
    site.loaded.root.join("content").join(path)
}

/// Width and height in pixels; `None` for SVG, which scales.
fn pixel_size(path: &Path) -> Result<Option<(u32, u32)>, String> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return Ok(None);
    }
    let size = imagesize::size(path).map_err(|error| match error {
        imagesize::ImageError::NotSupported => {
            "it is not an image in a format browsers show".into()
        }
        imagesize::ImageError::CorruptedImage => "the file is damaged".into(),
        imagesize::ImageError::IoError(error) => error.to_string(),
    })?;
    let fits = |n: usize| u32::try_from(n).ok();
    Ok(fits(size.width).zip(fits(size.height)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid PNG header: signature, then an IHDR chunk.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn links_are_followed_back_to_the_root() {
        assert_eq!(from_root("a/b/index.html", "../../img/x.png"), "img/x.png");
        assert_eq!(from_root("a/b/index.html", "../x.png"), "a/x.png");
        assert_eq!(from_root("index.html", "x.png"), "x.png");
        assert_eq!(
            from_root("übungen/index.html", "my%20b%C3%BCro.png?v=2#x"),
            "übungen/my büro.png",
            "decoded, without query or fragment"
        );
    }

    #[test]
    fn sizes_come_from_the_file_and_svg_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let photo = dir.path().join("walk.png");
        std::fs::write(&photo, png(640, 427)).unwrap();
        assert_eq!(pixel_size(&photo), Ok(Some((640, 427))));
        let drawing = dir.path().join("spine.SVG");
        std::fs::write(&drawing, "<svg/>").unwrap();
        assert_eq!(pixel_size(&drawing), Ok(None));
        let text = dir.path().join("notes.png");
        std::fs::write(&text, "not a picture at all").unwrap();
        assert!(pixel_size(&text).is_err());
    }
}
