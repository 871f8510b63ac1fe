//! Pictures as a reader gets them: width and height, lazy loading, and
//! smaller copies (`srcset`) that exist at the widths they claim, made
//! once per picture and not again by a rebuild.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::site::{Page, TestSite};
use image::{ImageFormat, Rgb, RgbImage};

/// A picture with some detail in it, so that a smaller copy is a smaller
/// file (a flat colour compresses to almost nothing at any size).
fn draw(path: &Path, width: u32, height: u32, format: ImageFormat) {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        let wave = ((x * 7 + y * 13) % 61) as u8;
        Rgb([(x % 256) as u8, (y % 256) as u8, wave.wrapping_mul(4)])
    });
    picture.save_with_format(path, format).unwrap();
}

/// The fixture with its raster pictures drawn in: wide (the widths are
/// what matter) but short, so that tests resize few pixels.
fn site() -> TestSite {
    let site = TestSite::fixture("pictures");
    let content = site.root().join("content");
    let images = content.join("articles/images");
    draw(&images.join("walk.png"), 1000, 80, ImageFormat::Png);
    draw(&images.join("dot.png"), 40, 30, ImageFormat::Png);
    let ball = content.join("übungen/Übung mit Ball.jpg");
    draw(&ball, 1800, 100, ImageFormat::Jpeg);
    site
}

/// The decoded output path a relative URL written on `page` points at.
fn target(page: &str, url: &str) -> String {
    let (path, _) = common::site::resolve_href(page, url);
    percent_encoding::percent_decode_str(&path)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

/// Each `srcset` entry of `img` on the page at `page_path`: the file it
/// names in the output and the width it claims.
fn srcset(site: &TestSite, page_path: &str, img: scraper::ElementRef<'_>) -> Vec<(PathBuf, u32)> {
    let srcset = img.value().attr("srcset").expect("a srcset");
    srcset
        .split(", ")
        .map(|entry| {
            let (url, width) = entry.rsplit_once(' ').unwrap();
            assert!(!url.contains(' '), "a space in a srcset URL: {url}");
            let width = width.strip_suffix('w').unwrap().parse().unwrap();
            (site.public().join(target(page_path, url)), width)
        })
        .collect()
}

fn pixel_width(path: &Path) -> u32 {
    image::image_dimensions(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .0
}

fn attr<'a>(img: scraper::ElementRef<'a>, name: &str) -> Option<&'a str> {
    img.value().attr(name)
}

const WALKING: &str = "articles/walking/index.html";

#[test]
fn srcset_entries_are_files_of_the_widths_they_claim() {
    let site = site();
    site.build_ok();
    let page = site.page(WALKING);
    let lead = page.one(".lead-image img");
    let entries = srcset(&site, WALKING, lead);
    let widths: Vec<u32> = entries.iter().map(|(_, w)| *w).collect();
    assert_eq!(widths, [480, 960, 1000], "never wider than the original");
    for (file, width) in &entries {
        assert_eq!(pixel_width(file), *width, "{}", file.display());
    }
    assert_eq!(
        entries.last().unwrap().0,
        site.public()
            .join(target(WALKING, attr(lead, "src").unwrap())),
        "the original is the widest candidate"
    );
    assert_eq!(attr(lead, "sizes"), Some("(max-width: 700px) 100vw, 700px"));

    // A Unicode file name with spaces, in a folder with a Unicode name.
    let ball = page.one(".figure img");
    assert_eq!(
        attr(ball, "src"),
        Some("../../%C3%BCbungen/%C3%9Cbung%20mit%20Ball.jpg")
    );
    assert_eq!(
        (attr(ball, "width"), attr(ball, "height")),
        (Some("1800"), Some("100"))
    );
    let entries = srcset(&site, WALKING, ball);
    assert_eq!(
        entries.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [480, 960, 1600, 1800]
    );
    for (file, width) in &entries {
        assert_eq!(pixel_width(file), *width, "{}", file.display());
    }
    assert!(site
        .public()
        .join("übungen/Übung mit Ball.480w.jpg")
        .is_file());
}

#[test]
fn body_pictures_have_size_lazy_loading_and_copies() {
    let site = site();
    site.build_ok();
    let page = site.page(WALKING);
    let imgs = page.all(".content img");
    assert_eq!(imgs.len(), 3);
    let [walk, spine, dot] = [imgs[0], imgs[1], imgs[2]];
    for img in &imgs {
        assert_eq!(attr(*img, "loading"), Some("lazy"));
        assert_eq!(attr(*img, "decoding"), Some("async"));
    }
    assert_eq!(
        (attr(walk, "width"), attr(walk, "height")),
        (Some("1000"), Some("80"))
    );
    assert_eq!(attr(walk, "alt"), Some("Two people walking in a park"));
    assert_eq!(srcset(&site, WALKING, walk).len(), 3);

    // A drawing scales: no size, no copies.
    assert_eq!(attr(spine, "src"), Some("../images/spine.svg"));
    assert_eq!(attr(spine, "title"), Some("The spine"));
    assert_eq!((attr(spine, "width"), attr(spine, "srcset")), (None, None));

    // A picture narrower than every copy is never enlarged.
    assert_eq!(
        (attr(dot, "width"), attr(dot, "height")),
        (Some("40"), Some("30"))
    );
    assert_eq!(attr(dot, "srcset"), None);
    let images = site.public().join("articles/images");
    assert!(!images.join("dot.480w.png").exists());

    let unicode = site.page("übungen/index.html");
    let ball = unicode.one(".content img");
    assert_eq!(srcset(&site, "übungen/index.html", ball).len(), 4);
}

/// The copies of `walk.png` in the output, by width.
fn walk_copies(site: &TestSite) -> BTreeMap<String, u64> {
    std::fs::read_dir(site.public().join("articles/images"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .filter(|name| name.starts_with("walk.") && name != "walk.png")
        .map(|name| {
            let len = std::fs::metadata(site.public().join("articles/images").join(&name))
                .unwrap()
                .len();
            (name, len)
        })
        .collect()
}

/// Every file in the picture cache, with when it was written.
fn cache(site: &TestSite) -> BTreeMap<String, SystemTime> {
    let dir = site.options().picture_cache();
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| {
            let modified = e.metadata().unwrap().modified().unwrap();
            (e.file_name().into_string().unwrap(), modified)
        })
        .collect()
}

#[test]
fn a_picture_on_many_pages_is_resized_once_and_not_again_by_a_rebuild() {
    let site = site();
    site.build_ok();
    let copies = walk_copies(&site);
    assert_eq!(
        copies.keys().collect::<Vec<_>>(),
        ["walk.480w.png", "walk.960w.png"],
        "one file per width, however many pages show it"
    );
    let src = |page: &Page, css: &str| -> Vec<String> {
        page.all(css)
            .iter()
            .map(|img| attr(*img, "srcset").unwrap().to_string())
            .collect()
    };
    let balance = site.page("articles/balance/index.html");
    let walking = site.page(WALKING);
    assert_eq!(
        src(&balance, ".figure img"),
        src(&walking, ".lead-image img")
    );
    let body = src(&balance, ".content img");
    assert_eq!(body[0], src(&walking, ".lead-image img")[0]);
    // Written in angle brackets with spaces: the same picture as the figure.
    assert_eq!(body[1], src(&walking, ".figure img")[0]);

    // Two pictures have copies: walk.png (2 widths), the ball (3).
    let cached = cache(&site);
    assert_eq!(cached.len(), 5, "{cached:?}");
    site.build_ok();
    assert_eq!(
        cache(&site),
        cached,
        "an unchanged picture is not resized again"
    );
    assert_eq!(walk_copies(&site), copies);

    // A changed picture gets new copies; the old ones leave the cache.
    draw(
        &site.root().join("content/articles/images/walk.png"),
        1200,
        90,
        ImageFormat::Png,
    );
    site.build_ok();
    let after = cache(&site);
    assert_eq!(after.len(), 5, "{after:?}");
    let kept: Vec<_> = after.keys().filter(|k| cached.contains_key(*k)).collect();
    assert_eq!(
        kept.len(),
        3,
        "only the ball's copies are the same: {kept:?}"
    );
    assert_eq!(walk_copies(&site).len(), 2);
}

#[test]
fn a_site_without_raster_pictures_keeps_no_cache() {
    let site = TestSite::fixture("pictures");
    for page in [
        "articles/walking.md",
        "articles/balance.md",
        "übungen/_index.md",
    ] {
        std::fs::remove_file(site.root().join("content").join(page)).unwrap();
    }
    site.write(
        "content/articles/spine.md",
        "---\ntitle: Spine\n---\n![The spine](images/spine.svg)\n",
    );
    site.build_ok();
    let page = site.page("articles/spine/index.html");
    assert_eq!(page.all("img[srcset]").len(), 0);
    assert!(!site.options().picture_cache().exists());
}

/// The PNG signature and a valid header declaring `width` × `height`,
/// then nothing a decoder can read.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(width.to_be_bytes());
    chunk.extend(height.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0d".to_vec();
    bytes.extend(&chunk);
    bytes.extend(crc32(&chunk).to_be_bytes());
    bytes.extend(b"this is not picture data at all".repeat(40));
    bytes
}

/// The CRC that closes a PNG chunk.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn an_undecodable_picture_is_an_error_where_it_is_written() {
    let site = site();
    site.write("content/articles/images/torn.png", png_header(2000, 1000));
    site.write(
        "content/articles/torn.md",
        "---\ntitle: Torn\nimage:\n  file: images/torn.png\n  alt: A torn photo\n---\nText.\n\nSee ![a torn photo](images/torn.png)\n",
    );
    let outcome = site.build();
    assert!(!outcome.written);
    let torn: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "image")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(torn.len(), 2, "{torn:#?}");
    let file = Path::new("content/articles/torn.md").display().to_string();
    assert!(torn[0].contains(&format!("{file}:4:9")), "{}", torn[0]);
    assert!(torn[1].contains(&format!("{file}:9:5")), "{}", torn[1]);
    assert!(
        torn[0].contains("cannot be read as a picture"),
        "{}",
        torn[0]
    );
}

#[test]
fn a_huge_picture_is_shown_as_it_is_without_decoding_it() {
    let site = site();
    site.write(
        "content/articles/images/huge.png",
        png_header(20_000, 20_000),
    );
    site.write(
        "content/articles/huge.md",
        "---\ntitle: Huge\n---\n![A very large photo](images/huge.png)\n",
    );
    let outcome = site.build_ok();
    let warned: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "image-not-resized")
        .collect();
    assert_eq!(warned.len(), 1, "{:#?}", outcome.diagnostics);
    let img = site.page("articles/huge/index.html");
    let img = img.one(".content img");
    assert_eq!(attr(img, "width"), Some("20000"));
    assert_eq!(attr(img, "srcset"), None);
}

#[test]
fn serve_rebuilds_take_copies_from_the_cache() {
    let site = site();
    let mut session = pamphlet::Session::new(site.options());
    let first = session.rebuild(&[]);
    assert!(
        first.written && !first.has_errors(),
        "{:?}",
        first.diagnostics
    );
    let cached = cache(&site);

    // An edited page is rendered again on its own, with its copies.
    let walking = Path::new("content/articles/walking.md");
    let text = std::fs::read_to_string(site.root().join(walking)).unwrap();
    site.write(
        "content/articles/walking.md",
        text.replace("Walking loads", "Walks load"),
    );
    let update = session.rebuild(&[walking.to_path_buf()]);
    assert!(
        update.written && update.rendered < update.pages,
        "{update:?}"
    );
    let page = site.page(WALKING);
    assert!(page.source.contains("Walks load"));
    for img in page.all("img[srcset]") {
        for (file, width) in srcset(&site, WALKING, img) {
            assert_eq!(pixel_width(&file), width, "{}", file.display());
        }
    }

    // A full rebuild (a file that is not a page changed) resizes nothing.
    let full = session.rebuild(&[PathBuf::from("content/articles/images/spine.svg")]);
    assert!(full.written && full.rendered == full.pages, "{full:?}");
    assert_eq!(cache(&site), cached, "no picture was resized again");
    assert_eq!(walk_copies(&site).len(), 2);
}

#[test]
#[cfg_attr(not(has_vnu), ignore = "needs the Nu HTML checker: npm ci, and Java")]
fn pages_with_pictures_are_valid_html() {
    let site = site();
    site.build_ok();
    common::output::assert_valid_html([
        site.public().join(WALKING),
        site.public().join("articles/balance/index.html"),
        site.public().join("übungen/index.html"),
    ]);
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn a_phone_downloads_the_small_copy_under_a_sub_path_and_from_disk() {
    use common::browser::{serve_dir, Browser};
    let site = site();
    site.build_ok();
    let (base, _server) = serve_dir(site.public(), "/health/");
    let on_disk = format!(
        "file://{}/",
        std::fs::canonicalize(site.public()).unwrap().display()
    );
    let browser = Browser::start();
    // The file the lead picture shows once loaded, and the width it
    // takes in CSS pixels.
    let shown = |browser: &Browser| {
        for _ in 0..50 {
            let found = browser.execute(
                "const img = document.querySelector('.lead-image img');
                 return img.complete && img.naturalWidth > 0
                     ? [img.currentSrc, img.naturalWidth] : null;",
                &[],
            );
            if let Some([src, width]) = found.as_array().map(Vec::as_slice) {
                return (src.as_str().unwrap().to_string(), width.as_u64().unwrap());
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("the lead picture never loaded");
    };
    for root in [base.as_str(), on_disk.as_str()] {
        browser.set_window_size(400, 800);
        browser.goto(&format!("{root}{WALKING}"));
        let (src, width) = shown(&browser);
        assert!(src.starts_with(root), "{src}");
        assert!(src.ends_with("articles/images/walk.480w.png"), "{src}");
        // Shown at the width `sizes` gave (480 pixels at a density of 1.2).
        assert_eq!(width, 400);
    }
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn a_file_with_the_name_of_a_copy_is_an_error() {
    let site = site();
    site.write(
        "content/articles/images/walk.480w.png",
        "the editor's own file",
    );
    let outcome = site.build();
    assert!(!outcome.written);
    let clash: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "image")
        .map(|d| d.to_string())
        .collect();
    assert!(!clash.is_empty(), "{:#?}", outcome.diagnostics);
    assert!(
        clash
            .iter()
            .all(|d| d.contains("`walk.480w.png` beside `images/walk.png`")),
        "{clash:#?}"
    );
}
