//! The pictures of a page (its lead `image` and its `figures`): each file
//! resolved to a URL relative to the page, with its width and height read
//! from the file so the browser keeps room for it while it loads.
//!
//! Sizes come from the `imagesize` crate, which reads only a file's first
//! bytes; SVG has no pixel size and is shown at the width of the text.

use std::path::{Path, PathBuf};

use crate::context::ImageContext;
use crate::diagnostic::Diagnostic;
use crate::model::Figure;
use crate::resolve::{Page, Site};

/// `figure` of `page`, ready for the template; `None` after a problem,
/// which is pushed onto `problems`.
pub fn resolve<'p>(
    site: &Site<'_>,
    page: &Page<'_>,
    figure: &'p Figure,
    problems: &mut Vec<Diagnostic>,
) -> Option<ImageContext<'p>> {
    let at = |problem: Diagnostic| {
        let block = page.file.yaml_block();
        let (line, column) = block.find(&figure.file, 1).unwrap_or((1, 1));
        problem.at(&page.file.path, line, column)
    };
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
    let (width, height) = match pixel_size(&file_on_disk(site, page, &figure.file)) {
        Ok(size) => size.unzip(),
        Err(why) => {
            problems.push(at(Diagnostic::error(
                "image",
                format!("cannot read the size of `{}`: {why}", figure.file),
            )
            .help("use a PNG, JPEG, GIF, WebP, AVIF or SVG file")));
            (None, None)
        }
    };
    Some(ImageContext {
        from_root: from_root(&page.url, &src),
        src,
        alt: &figure.alt,
        caption: figure.caption.as_deref(),
        credit: figure.credit.as_deref(),
        width,
        height,
    })
}

/// The path from the site root of `href`, a relative link written on the
/// page at `page_url`.
fn from_root(page_url: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page_url.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Where `file`, written in `page` as a link is, lies on disk. Only called
/// once the link is known to stay inside content/.
fn file_on_disk(site: &Site<'_>, page: &Page<'_>, file: &str) -> PathBuf {
    let root = &site.loaded.root;
    let path = file.split(['#', '?']).next().unwrap_or(file);
    match path.strip_prefix('/') {
        Some(from_content) => root.join("content").join(from_content),
        None => root
            .join(page.file.path.parent().unwrap_or(Path::new("")))
            .join(path),
    }
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
