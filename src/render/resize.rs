//! Smaller copies of a picture, so a phone downloads a picture the width
//! of its screen rather than the editor's original (`srcset`).
//!
//! Made with the `image` crate (PNG, JPEG, and still WebP and GIF;
//! animations, SVG and other formats are shown as they are), at the
//! widths in [`WIDTHS`] that are narrower than the original, in the
//! original's format (PNG for a GIF). A copy is used only when its file is
//! smaller than the original's. Copies are kept
//! in a cache folder, named by the original's path, length and change
//! time, so a rebuild does not resize a picture that has not changed.

use std::collections::HashSet;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};

use image::codecs::gif::GifDecoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::{WebPDecoder, WebPEncoder};
use image::imageops::FilterType;
use image::{
    AnimationDecoder, ColorType, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader,
    Limits,
};

use crate::write::Output;

/// The widths of the copies, in pixels: a phone, a phone at twice the
/// density or a tablet, and a large screen.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// Pictures wider or taller than this are not resized (a photo from a
/// phone is about 4,000 pixels wide).
const MAX_SIDE: u32 = 12_000;
/// Memory one decoded picture may take.
const MAX_BYTES: u64 = 512 << 20;
/// JPEG quality of the copies: no visible loss at screen size.
const JPEG_QUALITY: u8 = 82;
/// Changes when the copies would come out differently, so that a cache
/// filled by an older pamphlet is not used.
const VERSION: u32 = 1;

/// The widths to make of a picture `width` pixels wide: only narrower ones.
pub fn widths(width: u32) -> impl Iterator<Item = u32> {
    WIDTHS.into_iter().filter(move |&w| w < width)
}

/// The formats pamphlet resizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    WebP,
    /// Still ones only; their copies are PNG (a GIF copy would need its
    /// colours reduced again).
    Gif,
}

impl Format {
    /// The format a file's extension names, when pamphlet resizes it.
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "webp" => Some(Format::WebP),
            "gif" => Some(Format::Gif),
            _ => None,
        }
    }

    fn image_format(self) -> ImageFormat {
        match self {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
            Format::WebP => ImageFormat::WebP,
            Format::Gif => ImageFormat::Gif,
        }
    }
}

/// A picture to make copies of.
pub struct Original<'a> {
    /// The file on disk.
    pub file: &'a Path,
    /// Its path in the output, decoded: `articles/images/walk.png`.
    pub output: &'a str,
    /// Its width as the file declares it.
    pub width: u32,
    pub format: Format,
}

/// A copy that was made: its width and its path in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub width: u32,
    pub output: String,
}

/// Why a picture has no copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The file cannot be decoded: the reader would see a broken picture.
    Damaged(String),
    /// The picture may be fine but is too large, or in a variant of its
    /// format the resizer does not take: it is shown as it is.
    NotResized(String),
    /// A file of the site already has the name of a copy.
    Clash(String),
    /// A copy could not be written into the output.
    Write(String),
}

/// The copies of `original` (possibly none), written into `output`, taken
/// from `cache` when it has them and put there when it had not.
pub fn copies(
    original: &Original<'_>,
    cache: Option<&Path>,
    output: &dyn Output,
) -> Result<Made, Failure> {
    let wanted: Vec<u32> = widths(original.width).collect();
    let mut made = Made::default();
    if wanted.is_empty() {
        return Ok(made);
    }
    let metadata = std::fs::metadata(original.file).map_err(|e| Failure::Damaged(e.to_string()))?;
    let key = cache_key(original, &metadata);
    made.key = Some(key.clone());
    let in_cache = |width: u32| {
        cache.map(|dir| dir.join(format!("{key}-{width}.{}", extension(original.format))))
    };
    let mut bytes: Vec<Option<Vec<u8>>> = wanted
        .iter()
        .map(|&w| in_cache(w).and_then(|path| std::fs::read(path).ok()))
        .collect();
    if bytes.iter().any(Option::is_none) {
        let picture = decode(original)?;
        for (&width, slot) in wanted.iter().zip(&mut bytes) {
            // A copy not made (an animation, or a picture narrower once
            // rotated) is cached as an empty file, so it is not tried again.
            let encoded = match &picture {
                Some(picture) if width < picture.width() => {
                    encode(&shrink(picture, width), original.format)?
                }
                _ => Vec::new(),
            };
            if let Some(path) = in_cache(width) {
                store(&path, &encoded);
            }
            *slot = Some(encoded);
        }
    }
    let (folder, name) = original
        .output
        .rsplit_once('/')
        .map_or(("", original.output), |(folder, name)| (folder, name));
    for (width, encoded) in wanted.into_iter().zip(bytes.into_iter().flatten()) {
        if encoded.is_empty() || encoded.len() as u64 >= metadata.len() {
            continue;
        }
        let copy_name = copy_name(name, width, original.format);
        if original.file.with_file_name(&copy_name).exists() {
            return Err(Failure::Clash(copy_name));
        }
        let path = match folder {
            "" => copy_name,
            _ => format!("{folder}/{copy_name}"),
        };
        output
            .write(&path, &encoded)
            .map_err(|e| Failure::Write(format!("cannot write {path}: {e}")))?;
        made.copies.push(Copy {
            width,
            output: path,
        });
    }
    Ok(made)
}

/// What [`copies`] made, and the cache entry it used.
#[derive(Debug, Clone, Default)]
pub struct Made {
    pub copies: Vec<Copy>,
    /// The prefix of its files in the cache.
    pub key: Option<String>,
}

/// `walk.png` at 480 pixels: `walk.480w.png`; copies of a GIF are PNG.
pub fn copy_name(name: &str, width: u32, format: Format) -> String {
    let (stem, written) = name.rsplit_once('.').unwrap_or((name, ""));
    let extension = match format {
        Format::Gif => "png",
        _ => written,
    };
    format!("{stem}.{width}w.{extension}")
}

/// Deletes the cache's files of pictures no longer used (only after a
/// full build, which knows every picture in use). Failures are ignored:
/// the cache only saves time.
pub fn prune(cache: &Path, used: &HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let key = name.to_str().and_then(|n| n.split('-').next());
        if !key.is_some_and(|key| used.contains(key)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The original's path, length and change time: a picture replaced or
/// edited gets new copies without anyone reading its bytes to compare.
fn cache_key(original: &Original<'_>, metadata: &std::fs::Metadata) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    VERSION.hash(&mut hasher);
    std::path::absolute(original.file)
        .unwrap_or_else(|_| original.file.to_path_buf())
        .hash(&mut hasher);
    metadata.len().hash(&mut hasher);
    metadata.modified().ok().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Png => "png",
        Format::Jpeg => "jpg",
        Format::WebP => "webp",
        Format::Gif => "png",
    }
}

/// Writes a cache file whole or not at all (another build may be reading
/// the cache); a cache that cannot be written only costs time.
fn store(path: &PathBuf, bytes: &[u8]) {
    if let Some(folder) = path.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    let mut temporary = path.clone().into_os_string();
    temporary.push(format!(".new-{}", std::process::id()));
    if std::fs::write(&temporary, bytes).is_ok() {
        let _ = std::fs::rename(&temporary, path);
    }
}

/// Decodes the picture within [`MAX_SIDE`] and [`MAX_BYTES`], turned the
/// way its EXIF orientation says (the copies carry no EXIF). `None` for an
/// animated WebP or GIF, which is shown as it is: a copy would stand still.
fn decode(original: &Original<'_>) -> Result<Option<DynamicImage>, Failure> {
    let file = File::open(original.file).map_err(|e| Failure::Damaged(e.to_string()))?;
    let file = BufReader::new(file);
    match original.format {
        Format::WebP => {
            let decoder = WebPDecoder::new(file).map_err(failure)?;
            match decoder.has_animation() {
                true => Ok(None),
                false => still(decoder).map(Some),
            }
        }
        Format::Gif => {
            let mut decoder = GifDecoder::new(file).map_err(failure)?;
            decoder.set_limits(limits()).map_err(failure)?;
            let mut frames = decoder.into_frames();
            let first = frames.next().transpose().map_err(failure)?;
            match frames.next() {
                Some(_) => Ok(None),
                None => Ok(first.map(|frame| DynamicImage::ImageRgba8(frame.into_buffer()))),
            }
        }
        format => {
            let mut reader = ImageReader::with_format(file, format.image_format());
            // Before the header is read, so a huge picture is refused at once.
            reader.limits(limits());
            still(reader.into_decoder().map_err(failure)?).map(Some)
        }
    }
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_BYTES);
    limits
}

/// The one picture `decoder` holds, within [`limits`].
fn still(mut decoder: impl ImageDecoder) -> Result<DynamicImage, Failure> {
    decoder.set_limits(limits()).map_err(failure)?;
    let orientation = decoder.orientation().map_err(failure)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(failure)?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

fn failure(error: ImageError) -> Failure {
    match error {
        ImageError::Limits(_) => Failure::NotResized(format!(
            "it is larger than {MAX_SIDE} pixels a side, or needs more than {} MB to resize",
            MAX_BYTES >> 20
        )),
        ImageError::Unsupported(error) => Failure::NotResized(error.to_string()),
        error => Failure::Damaged(error.to_string()),
    }
}

/// The picture at `width` pixels wide, its height in proportion.
fn shrink(picture: &DynamicImage, width: u32) -> DynamicImage {
    let height =
        (u64::from(picture.height()) * u64::from(width)).div_ceil(u64::from(picture.width()));
    let height = u32::try_from(height).unwrap_or(u32::MAX).max(1);
    picture.resize_exact(width, height, FilterType::CatmullRom)
}

fn encode(picture: &DynamicImage, format: Format) -> Result<Vec<u8>, Failure> {
    let mut bytes = Cursor::new(Vec::new());
    let result = match format {
        // Made once and cached: worth the slower, smaller encoding.
        Format::Png | Format::Gif => picture.write_with_encoder(PngEncoder::new_with_quality(
            &mut bytes,
            CompressionType::Best,
            PngFilter::Adaptive,
        )),
        Format::Jpeg => {
            let encoder = JpegEncoder::new_with_quality(&mut bytes, JPEG_QUALITY);
            match picture.color() {
                ColorType::L8 | ColorType::Rgb8 => picture.write_with_encoder(encoder),
                _ => DynamicImage::ImageRgb8(picture.to_rgb8()).write_with_encoder(encoder),
            }
        }
        Format::WebP => {
            let encoder = WebPEncoder::new_lossless(&mut bytes);
            match picture.color() {
                ColorType::L8 | ColorType::La8 | ColorType::Rgb8 | ColorType::Rgba8 => {
                    picture.write_with_encoder(encoder)
                }
                _ => DynamicImage::ImageRgba8(picture.to_rgba8()).write_with_encoder(encoder),
            }
        }
    };
    result.map_err(failure)?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_narrower_than_the_original() {
        let of = |width| widths(width).collect::<Vec<_>>();
        assert_eq!(of(4000), [480, 960, 1600]);
        assert_eq!(of(1600), [480, 960], "the original serves its own width");
        assert_eq!(of(1000), [480, 960]);
        assert_eq!(of(481), [480]);
        assert_eq!(of(480), Vec::<u32>::new());
        assert_eq!(of(30), Vec::<u32>::new(), "never upscaled");
    }

    #[test]
    fn copies_are_named_by_width() {
        assert_eq!(copy_name("walk.png", 480, Format::Png), "walk.480w.png");
        assert_eq!(
            copy_name("my photo.v2.JPG", 960, Format::Jpeg),
            "my photo.v2.960w.JPG"
        );
        assert_eq!(copy_name("map.gif", 480, Format::Gif), "map.480w.png");
    }

    /// A RIFF chunk: tag, length, payload, padded to an even length.
    fn chunk(tag: &[u8], payload: &[u8]) -> Vec<u8> {
        let mut bytes = tag.to_vec();
        bytes.extend((payload.len() as u32).to_le_bytes());
        bytes.extend(payload);
        if payload.len() % 2 == 1 {
            bytes.push(0);
        }
        bytes
    }

    fn riff(chunks: &[u8]) -> Vec<u8> {
        let mut bytes = b"RIFF".to_vec();
        bytes.extend((chunks.len() as u32 + 4).to_le_bytes());
        bytes.extend(b"WEBP");
        bytes.extend(chunks);
        bytes
    }

    /// `still`, a one-frame WebP 600 × 2, made into an animation of
    /// that one frame.
    fn animated(still: &[u8]) -> Vec<u8> {
        let frame = &still[12..]; // its VP8L chunk
        let side = |n: u32| (n - 1).to_le_bytes()[..3].to_vec();
        let mut vp8x = vec![0x02, 0, 0, 0];
        vp8x.extend(side(600));
        vp8x.extend(side(2));
        let mut anmf = vec![0; 6];
        anmf.extend(side(600));
        anmf.extend(side(2));
        anmf.extend([100, 0, 0, 0]);
        anmf.extend(frame);
        let chunks = [
            chunk(b"VP8X", &vp8x),
            chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]),
            chunk(b"ANMF", &anmf),
        ]
        .concat();
        riff(&chunks)
    }

    #[test]
    fn an_animated_webp_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let picture = image::RgbImage::from_fn(600, 2, |x, y| image::Rgb([x as u8, y as u8, 9]));
        let still = encode(&DynamicImage::ImageRgb8(picture), Format::WebP).unwrap();
        let decoded = |name: &str, bytes: &[u8]| {
            let file = dir.path().join(name);
            std::fs::write(&file, bytes).unwrap();
            let original = Original {
                file: &file,
                output: name,
                width: 600,
                format: Format::WebP,
            };
            decode(&original).map(|picture| picture.map(|p| p.width()))
        };
        assert_eq!(decoded("still.webp", &still), Ok(Some(600)));
        assert_eq!(decoded("moving.webp", &animated(&still)), Ok(None));
    }

    #[test]
    fn an_animated_gif_is_left_as_it_is() {
        use image::codecs::gif::GifEncoder;
        use image::{Delay, Frame, RgbaImage};
        let dir = tempfile::tempdir().unwrap();
        let gif = |name: &str, frames: u8| {
            let file = dir.path().join(name);
            let mut encoder = GifEncoder::new(File::create(&file).unwrap());
            for n in 0..frames {
                let picture = RgbaImage::from_pixel(600, 2, image::Rgba([n * 90, 0, 0, 255]));
                let delay = Delay::from_numer_denom_ms(100, 1);
                encoder
                    .encode_frame(Frame::from_parts(picture, 0, 0, delay))
                    .unwrap();
            }
            drop(encoder);
            let original = Original {
                file: &file,
                output: name,
                width: 600,
                format: Format::Gif,
            };
            decode(&original).map(|picture| picture.map(|p| p.width()))
        };
        assert_eq!(gif("still.gif", 1), Ok(Some(600)));
        assert_eq!(gif("moving.gif", 2), Ok(None));
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(Format::of(Path::new("a/b.JPEG")), Some(Format::Jpeg));
        assert_eq!(Format::of(Path::new("b.webp")), Some(Format::WebP));
        assert_eq!(Format::of(Path::new("b.GIF")), Some(Format::Gif));
        assert_eq!(Format::of(Path::new("b.svg")), None);
    }
}
