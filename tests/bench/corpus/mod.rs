//! A synthetic site for benchmarks and tests: N articles in pamphlet's
//! content format, generated from a seed.
//!
//! Entry point: [`Corpus`]. [`Corpus::write`] writes a complete site folder
//! (`site.yaml`, `content/sources.yaml`, a home page, up to 20 sections and
//! the articles). Every article has what a real one has: a summary, a cited
//! key takeaway, 2–5 tags, a review, an evidence summary, exercise types,
//! cited safety tips, a comparison table, 3–10 distinct citations and a
//! body of about 7 KB with headings, lists, a table, a footnote and links
//! to other articles (some to a heading). The corpus is meant to build
//! with no errors and no warnings when "today" is [`TODAY`].
//!
//! [`Corpus::write_hugo`] and [`Corpus::write_zola`] write the same article
//! bodies as a Hugo and a Zola site (`others.rs`), so the benchmark can
//! compare the generators on the same text.
//!
//! The text is random but deterministic: the same seed writes byte-identical
//! files. Each article draws from its own stream (seeded by the corpus seed
//! and its index), so any article's title and headings can be recomputed
//! when another article links to it, without generating the whole site.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::ops::RangeInclusive;
use std::path::Path;

use pamphlet::date::Date;

/// The date the corpus's reviews are judged against: every review falls
/// in the 12 months before it, and none after.
pub const TODAY: Date = Date {
    year: 2026,
    month: 6,
    day: 1,
};

/// [`TODAY`] at midnight UTC, for `SOURCE_DATE_EPOCH` when the corpus is
/// built by the `pamphlet` command, which has no option for "today".
pub const SOURCE_DATE_EPOCH: u64 = 1_780_272_000;

/// The most sections and site-wide sources a corpus has.
const MAX_SECTIONS: usize = 20;
const MAX_SOURCES: usize = 200;
/// How many `##` headings every article body has.
const HEADINGS: usize = 6;

/// A synthetic site of `articles` articles, generated from `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corpus {
    pub articles: usize,
    pub seed: u64,
}

impl Corpus {
    /// Writes the site folder into `dir`, which should be new or empty.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        write_file(dir, "site.yaml", SITE_YAML)?;
        write_file(dir, "content/sources.yaml", &self.sources_yaml())?;
        self.write_pages(dir, Flavor::Pamphlet)
    }

    /// The home page, the section pages and the articles.
    fn write_pages(&self, dir: &Path, flavor: Flavor) -> io::Result<()> {
        write_file(dir, "content/_index.md", &self.home(flavor))?;
        for (section, (_, folder)) in SECTIONS[..self.sections()].iter().enumerate() {
            let path = format!("content/{folder}/_index.md");
            write_file(dir, &path, &section_page(section, flavor))?;
        }
        let pool = self.pool_keys();
        for index in 0..self.articles {
            let article = self.article(index, &pool, flavor);
            let text = match flavor {
                Flavor::Pamphlet => article.pamphlet(),
                Flavor::Hugo | Flavor::Zola => article.other_generator(flavor),
            };
            write_file(dir, &article.plan.path(), &text)?;
        }
        Ok(())
    }

    /// Sections in use: never an empty one.
    fn sections(&self) -> usize {
        self.articles.clamp(1, MAX_SECTIONS)
    }

    /// Site-wide sources: few enough that the articles cite every one.
    fn sources(&self) -> usize {
        (self.articles * 3).clamp(3, MAX_SOURCES)
    }

    /// A random stream of its own for each part of the corpus.
    fn rng(&self, stream: u64) -> Rng {
        Rng::new(self.seed ^ splitmix(stream.wrapping_add(0x5EED)))
    }
}

/// Creates `dir/path`'s folder and writes `text` into it.
fn write_file(dir: &Path, path: &str, text: &str) -> io::Result<()> {
    let full = dir.join(path);
    if let Some(parent) = full.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(full, text)
}

// ---------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny, fast and good enough to vary synthetic text.
mod words;

use words::*;

struct Rng(u64);

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        splitmix(self.0)
    }

    /// A number in `0..n` (the modulo bias is irrelevant for text).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// Between `count.start()` and `count.end()` different numbers from
    /// `0..n`, none of them in `taken`.
    fn distinct(&mut self, n: usize, count: RangeInclusive<usize>, taken: &[usize]) -> Vec<usize> {
        let count = self.between(*count.start(), *count.end());
        let mut out: Vec<usize> = Vec::with_capacity(count);
        let wanted = count.min(n.saturating_sub(taken.len()));
        while out.len() < wanted {
            let candidate = self.below(n);
            if !taken.contains(&candidate) && !out.contains(&candidate) {
                out.push(candidate);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Site settings, home and sections

/// Rewrites a written corpus's `site.yaml` so that every article gets one
/// `reading-level` warning (no generated article reads at grade 1).
pub fn with_reading_warnings(dir: &Path) -> io::Result<()> {
    fs::write(
        dir.join("site.yaml"),
        SITE_YAML.replace("reading_grade: 8", "reading_grade: 1"),
    )
}

const SITE_YAML: &str = "\
title: Synthetic Health Library
description: A generated site for benchmarking pamphlet. None of its advice or sources are real.
language: en-GB
base_url: https://bench.example.org/
owner:
  name: Pamphlet Benchmark Library
  url: https://example.org/
disclaimer: >-
  This site is generated for benchmarks. Its text and sources are synthetic:
  do not use it as medical advice.
feedback: mailto:feedback@example.org
review_interval_months: 12
reading_grade: 8
";

/// Which generator a page is written for: only links and front matter
/// differ.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Pamphlet,
    Hugo,
    Zola,
}

impl Corpus {
    fn home(&self, flavor: Flavor) -> String {
        let mut text = front_matter_open(
            flavor,
            "Synthetic Health Library",
            "Generated guides for benchmarking. None of the advice is real.",
        );
        if flavor == Flavor::Zola {
            text.push_str(ZOLA_LISTING);
        }
        text.push_str("---\n\n");
        text.push_str("Welcome. These pages are generated for benchmarks. Browse by topic:\n\n");
        for (title, folder) in &SECTIONS[..self.sections()] {
            let link = match flavor {
                Flavor::Pamphlet => format!("{folder}/_index.md"),
                Flavor::Hugo => format!("{folder}/"),
                Flavor::Zola => format!("@/{folder}/_index.md"),
            };
            let _ = writeln!(text, "- [{title}]({link})");
        }
        text
    }
}

fn section_page(section: usize, flavor: Flavor) -> String {
    let (title, _) = SECTIONS[section];
    let lower = title.to_lowercase();
    let summary = format!("Guides about {lower}, each with the research behind it.");
    let mut text = front_matter_open(flavor, title, &summary);
    if flavor == Flavor::Zola {
        // The home page lists every article, as pamphlet's and Hugo's do:
        // Zola's sections hand their pages up when they are transparent.
        text.push_str("transparent: true\n");
        text.push_str(ZOLA_LISTING);
    }
    let _ = write!(
        text,
        "weight: {}\n---\n\n\
         Guides about {lower}. Each one says when it was last reviewed and links to its sources.\n",
        (section + 1) * 10,
    );
    text
}

/// Zola's listings: paged like pamphlet's (20 a page), in weight order.
const ZOLA_LISTING: &str = "paginate_by: 20\nsort_by: weight\n";

/// `---`, the title and the summary (Hugo and Zola call it `description`).
fn front_matter_open(flavor: Flavor, title: &str, summary: &str) -> String {
    let key = match flavor {
        Flavor::Pamphlet => "summary",
        Flavor::Hugo | Flavor::Zola => "description",
    };
    format!("---\ntitle: {}\n{key}: {}\n", quote(title), quote(summary))
}

/// A double-quoted YAML scalar, safe for citations and colons. The
/// generated text never contains `"` or `\`, which would need escapes.
fn quote(text: &str) -> String {
    debug_assert!(!text.contains(['"', '\\']), "{text}");
    format!("\"{text}\"")
}

// ---------------------------------------------------------------------------
// Sources

/// One site-wide source in `sources.yaml`, by its index in the pool.
struct PoolSource {
    key: String,
    kind: &'static str,
    year: usize,
}

impl Corpus {
    /// The key, kind and year of every pool source, in pool order.
    fn pool(&self) -> Vec<PoolSource> {
        let mut rng = self.rng(u64::MAX);
        let mut keys = std::collections::HashSet::new();
        (0..self.sources())
            .map(|index| {
                let surname = rng.pick(SURNAMES).to_lowercase();
                let year = rng.between(1998, 2025);
                let mut key = format!("{surname}{year}");
                // Two sources by the same surname in the same year.
                let mut n = 1;
                while !keys.insert(key.clone()) {
                    n += 1;
                    key = format!("{surname}{year}-{n}");
                }
                let kind = KINDS[index % KINDS.len()];
                PoolSource { key, kind, year }
            })
            .collect()
    }

    fn sources_yaml(&self) -> String {
        let mut text = String::from(
            "# Synthetic sources for the benchmark corpus. Every identifier\n\
             # uses the DOI test prefix 10.5555 or example.org: none is real.\n",
        );
        let mut rng = self.rng(u64::MAX - 1);
        for (index, source) in self.pool().iter().enumerate() {
            text.push('\n');
            source_entry(&mut text, &mut rng, index, source);
        }
        text
    }
}

fn source_entry(text: &mut String, rng: &mut Rng, index: usize, source: &PoolSource) {
    let activity = rng.pick(ACTIVITIES).to_lowercase();
    let title = format!(
        "{} {activity} in {}",
        rng.pick(OUTCOMES),
        rng.pick(POPULATIONS)
    );
    let _ = write!(
        text,
        "{}:\n  kind: {}\n  title: {}\n  year: {}\n",
        source.key,
        source.kind,
        quote(&title),
        source.year
    );
    match source.kind {
        "patient-information" | "webpage" => web_fields(text, rng, index),
        "book" => book_fields(text, rng, index),
        _ => journal_fields(text, rng, index),
    }
}

fn authors(text: &mut String, rng: &mut Rng) {
    text.push_str("  authors:\n");
    for _ in 0..rng.between(1, 6) {
        let _ = writeln!(
            text,
            "    - {} {}{}",
            rng.pick(SURNAMES),
            rng.pick(INITIALS),
            rng.pick(INITIALS)
        );
    }
}

fn journal_fields(text: &mut String, rng: &mut Rng, index: usize) {
    authors(text, rng);
    let _ = write!(
        text,
        "  container: {}\n  volume: \"{}\"\n  issue: \"{}\"\n  pages: {}-{}\n",
        rng.pick(JOURNALS),
        rng.between(1, 60),
        rng.between(1, 12),
        100 + index,
        110 + index + rng.below(10),
    );
    if rng.chance(80) {
        // Disjoint ranges per index keep every PMID unique.
        let _ = writeln!(
            text,
            "  pmid: \"{}\"",
            90_000_000 + index * 16 + rng.below(16)
        );
    }
    if rng.chance(30) {
        let _ = writeln!(text, "  pmcid: PMC{}", 9_000_000 + index);
    }
    let _ = writeln!(text, "  doi: 10.5555/bench.{index:04}");
}

fn web_fields(text: &mut String, rng: &mut Rng, index: usize) {
    let _ = write!(
        text,
        "  authors:\n    - {org}\n  container: {org}\n  url: https://example.org/leaflets/{index}\n  accessed: 2026-0{month}-1{day}\n",
        org = rng.pick(ORGANISATIONS),
        month = rng.between(1, 5),
        day = rng.below(10),
    );
}

fn book_fields(text: &mut String, rng: &mut Rng, index: usize) {
    authors(text, rng);
    let _ = write!(
        text,
        "  container: Example Medical Press\n  pages: \"{}\"\n  doi: 10.5555/book.{index:04}\n",
        rng.between(120, 480)
    );
}

// ---------------------------------------------------------------------------
// Articles: what each one is about

/// What another article needs to know to link to one: recomputable from
/// the corpus and the index alone.
struct Plan {
    index: usize,
    section: usize,
    title: String,
    file: String,
    activity: String,
    condition: String,
    headings: Vec<&'static str>,
}

impl Plan {
    /// The article's path inside the site folder.
    fn path(&self) -> String {
        format!("content/{}/{}.md", SECTIONS[self.section].1, self.file)
    }
}

impl Corpus {
    /// The plan of article `index`, and its stream positioned after it.
    fn plan(&self, index: usize) -> (Plan, Rng) {
        let mut rng = self.rng(index as u64);
        let activity = rng.pick(ACTIVITIES);
        let condition = rng.pick(CONDITIONS);
        let title = fill(rng.pick(TITLES), activity, condition, 0);
        let file = format!("{}-{index}", pamphlet::markdown::slug(&title));
        let headings = rng
            .distinct(H2.len(), HEADINGS..=HEADINGS, &[])
            .into_iter()
            .map(|i| H2[i])
            .collect();
        let plan = Plan {
            index,
            section: index % self.sections(),
            title,
            file,
            activity: activity.to_lowercase(),
            condition: condition.to_string(),
            headings,
        };
        (plan, rng)
    }
}

/// Fills `{A}` / `{a}` (activity), `{c}` (condition) and `{n}` (a number).
fn fill(template: &str, activity: &str, condition: &str, number: usize) -> String {
    template
        .replace("{A}", activity)
        .replace("{a}", &activity.to_lowercase())
        .replace("{c}", condition)
        .replace("{n}", &number.to_string())
}

// ---------------------------------------------------------------------------
// Articles: front matter

/// Everything written about one article.
struct Article {
    plan: Plan,
    summary: String,
    tags: Vec<&'static str>,
    reviewed: String,
    reviewer: String,
    /// A source defined on the page itself, in a few articles.
    local: Option<String>,
    front: String,
    body: String,
}

impl Corpus {
    /// Article `index`; `pool` holds the site-wide source keys.
    fn article(&self, index: usize, pool: &[String], flavor: Flavor) -> Article {
        let (plan, mut rng) = self.plan(index);
        let summary = format!(
            "What {} can do for {}, how to start, and how to stay safe.",
            plan.activity, plan.condition
        );
        let tags = rng
            .distinct(TAGS.len(), 2..=5, &[])
            .into_iter()
            .map(|i| TAGS[i])
            .collect();
        let reviewed = review_date(&mut rng);
        let reviewer = format!(
            "{}. {}, {}",
            rng.pick(INITIALS),
            rng.pick(SURNAMES),
            rng.pick(ROLES)
        );
        let local = rng.chance(10).then(|| format!("local{index}"));
        let cites = cites(index, pool, &mut rng, local.as_deref());
        let mut cycle = Cycle::new(&cites);
        let front = cited_fields(&plan, &mut rng, &mut cycle);
        let body = body(self, &plan, &mut rng, &mut cycle, flavor);
        Article {
            plan,
            summary,
            tags,
            reviewed,
            reviewer,
            local,
            front,
            body,
        }
    }

    fn pool_keys(&self) -> Vec<String> {
        self.pool().into_iter().map(|s| s.key).collect()
    }
}

/// 3–10 distinct keys. Article `i` always cites pool sources `3i`,
/// `3i + 1` and `3i + 2` (wrapping), so every pool source is cited.
fn cites(index: usize, pool: &[String], rng: &mut Rng, local: Option<&str>) -> Vec<String> {
    let n = pool.len();
    let mut chosen: Vec<usize> = (0..3).map(|k| (index * 3 + k) % n).collect();
    chosen.dedup();
    let total = rng.between(3, 10) - usize::from(local.is_some());
    let wanted = total.saturating_sub(chosen.len());
    let extra = rng.distinct(n, wanted..=wanted, &chosen);
    chosen.extend(extra);
    let mut keys: Vec<String> = chosen.into_iter().map(|i| pool[i].clone()).collect();
    keys.extend(local.map(str::to_string));
    keys
}

/// A review in the 12 months before [`TODAY`]: July 2025 to May 2026.
fn review_date(rng: &mut Rng) -> String {
    let (year, month) = match rng.between(7, 17) {
        m if m <= 12 => (2025, m),
        m => (2026, m - 12),
    };
    format!("{year}-{month:02}-{:02}", rng.between(1, 28))
}

/// Hands out a page's citation keys in turn, so each is cited at least
/// once and the numbering has repeats, as on a real page.
struct Cycle<'k> {
    keys: &'k [String],
    next: usize,
}

impl<'k> Cycle<'k> {
    fn new(keys: &'k [String]) -> Cycle<'k> {
        Cycle { keys, next: 0 }
    }

    fn key(&mut self) -> &'k str {
        let key = &self.keys[self.next % self.keys.len()];
        self.next += 1;
        key
    }

    /// A citation in one of the forms editors write.
    fn cite(&mut self, rng: &mut Rng) -> String {
        match rng.below(6) {
            0 => format!("[@{}; @{}]", self.key(), self.key()),
            1 => format!("[@{}, p. {}]", self.key(), rng.between(2, 40)),
            _ => format!("[@{}]", self.key()),
        }
    }
}

/// The cited front-matter sections: takeaway, evidence, exercise types,
/// safety tips and the comparison table, as YAML.
fn cited_fields(plan: &Plan, rng: &mut Rng, cycle: &mut Cycle<'_>) -> String {
    let mut yaml = String::new();
    let takeaway = format!(
        "Most people with {} can do {} safely, and it helps. {}",
        plan.condition,
        plan.activity,
        cycle.cite(rng)
    );
    let _ = writeln!(yaml, "key_takeaway: {}", quote(&takeaway));
    evidence(&mut yaml, plan, rng, cycle);
    exercise_types(&mut yaml, rng, cycle);
    yaml.push_str("safety_tips:\n");
    for tip in rng.distinct(TIPS.len(), 2..=4, &[]) {
        let _ = writeln!(
            yaml,
            "  - {}",
            quote(&format!("{} {}", TIPS[tip], cycle.cite(rng)))
        );
    }
    comparison(&mut yaml, plan, rng, cycle);
    yaml
}

fn evidence(yaml: &mut String, plan: &Plan, rng: &mut Rng, cycle: &mut Cycle<'_>) {
    yaml.push_str("evidence_summary:\n");
    for outcome in rng.distinct(FINDING_OUTCOMES.len(), 2..=4, &[]) {
        let finding = fill(
            rng.pick(FINDINGS),
            &capital(&plan.activity),
            "",
            rng.between(4, 24),
        );
        let _ = write!(
            yaml,
            "  - outcome: {}\n    finding: {}\n",
            FINDING_OUTCOMES[outcome],
            quote(&format!("{finding} {}", cycle.cite(rng)))
        );
        // A consensus finding has no GRADE level, so some rows leave it out.
        if rng.chance(85) {
            let _ = writeln!(yaml, "    certainty: {}", rng.pick(CERTAINTIES));
        }
    }
}

fn exercise_types(yaml: &mut String, rng: &mut Rng, cycle: &mut Cycle<'_>) {
    yaml.push_str("exercise_types:\n");
    for kind in rng.distinct(KIND_NAMES.len(), 1..=3, &[]) {
        let _ = writeln!(yaml, "  - name: {}\n    examples:", KIND_NAMES[kind]);
        for example in rng.distinct(EXAMPLES.len(), 2..=4, &[]) {
            let _ = writeln!(yaml, "      - {}", EXAMPLES[example]);
        }
        let benefit = format!(
            "Advised on {} days a week to keep you strong and steady. {}",
            rng.between(2, 5),
            cycle.cite(rng)
        );
        let _ = writeln!(yaml, "    benefit: {}", quote(&benefit));
    }
}

fn comparison(yaml: &mut String, plan: &Plan, rng: &mut Rng, cycle: &mut Cycle<'_>) {
    let columns = rng.between(2, 3);
    let _ = writeln!(
        yaml,
        "comparison:\n  caption: {}\n  columns:",
        quote(&format!(
            "What two guidelines advise about {}",
            plan.activity
        ))
    );
    for column in 0..columns {
        let _ = writeln!(yaml, "    - Guideline {}", ["A", "B", "C"][column]);
    }
    yaml.push_str("  rows:\n");
    for row in rng.distinct(FINDING_OUTCOMES.len(), 2..=4, &[]) {
        let _ = writeln!(yaml, "    - label: {}\n      cells:", FINDING_OUTCOMES[row]);
        for _ in 0..columns {
            let cell = format!("{} days a week {}", rng.between(1, 7), cycle.cite(rng));
            let _ = writeln!(yaml, "        - {}", quote(&cell));
        }
    }
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Article {
    /// The article in pamphlet's format.
    fn pamphlet(&self) -> String {
        let mut text = format!(
            "---\ntitle: {}\nsummary: {}\n",
            quote(&self.plan.title),
            quote(&self.summary)
        );
        self.tag_list(&mut text, "");
        let _ = write!(
            text,
            "reviewed: {}\nreviewed_by:\n  - {}\nweight: {}\n",
            self.reviewed,
            quote(&self.reviewer),
            self.plan.index
        );
        if let Some(key) = &self.local {
            local_source(&mut text, key, self.plan.index);
        }
        text.push_str(&self.front);
        text.push_str("---\n\n");
        text.push_str(&self.body);
        text
    }

    /// The same body with Hugo's or Zola's front matter: title, date,
    /// tags (Zola's under `taxonomies`) and, for Zola's weight-ordered
    /// listings, the weight.
    fn other_generator(&self, flavor: Flavor) -> String {
        let mut text = format!(
            "---\ntitle: {}\ndescription: {}\ndate: {}\n",
            quote(&self.plan.title),
            quote(&self.summary),
            self.reviewed
        );
        if flavor == Flavor::Zola {
            let _ = writeln!(text, "weight: {}\ntaxonomies:", self.plan.index);
            self.tag_list(&mut text, "  ");
        } else {
            self.tag_list(&mut text, "");
        }
        text.push_str("---\n\n");
        text.push_str(&self.body);
        text
    }

    /// `tags:` and its list, each line after `indent`.
    fn tag_list(&self, text: &mut String, indent: &str) {
        let _ = writeln!(text, "{indent}tags:");
        for tag in &self.tags {
            let _ = writeln!(text, "{indent}  - {tag}");
        }
    }
}

/// A page-local source: a web page only this article uses.
fn local_source(text: &mut String, key: &str, index: usize) {
    let _ = write!(
        text,
        "sources:\n  {key}:\n    kind: patient-information\n    \
         title: \"Local leaflet number {index}\"\n    \
         authors:\n      - Example Community Clinic\n    \
         url: https://clinic.example.org/leaflets/{index}\n    \
         accessed: 2026-05-01\n"
    );
}

// ---------------------------------------------------------------------------
// Articles: the body

/// What each `##` section holds, in order; the footnote, the table and the
/// links each appear once.
#[derive(Clone, Copy)]
enum Block {
    Para,
    Bullets,
    Numbered,
    Table,
    Sub,
    Footnoted,
    Links,
}

const RECIPES: [&[Block]; HEADINGS] = {
    use Block::*;
    [
        &[Para, Para, Bullets],
        &[Para, Sub, Para, Table],
        &[Para, Numbered, Links],
        &[Sub, Footnoted, Sub, Para],
        &[Para, Bullets, Para],
        &[Para, Links, Para],
    ]
};

/// Writes one article body.
struct BodyWriter<'a, 'k> {
    corpus: &'a Corpus,
    plan: &'a Plan,
    rng: &'a mut Rng,
    cycle: &'a mut Cycle<'k>,
    flavor: Flavor,
    out: String,
    /// Articles to link to, one group per `Links` block, the next last.
    link_groups: Vec<Vec<usize>>,
    subheadings: Vec<usize>,
}

fn body(
    corpus: &Corpus,
    plan: &Plan,
    rng: &mut Rng,
    cycle: &mut Cycle<'_>,
    flavor: Flavor,
) -> String {
    let others = corpus.articles.saturating_sub(1);
    let mut targets: Vec<usize> = rng
        .distinct(others, 2..=4, &[])
        .into_iter()
        // Skip over the article itself: indexes in 0..N-1 map onto the others.
        .map(|t| if t >= plan.index { t + 1 } else { t })
        .collect();
    let second = targets.split_off(targets.len().div_ceil(2));
    let link_groups = vec![second, targets];
    let subheadings = rng.distinct(H3.len(), 3..=3, &[]);
    let mut writer = BodyWriter {
        corpus,
        plan,
        rng,
        cycle,
        flavor,
        out: String::with_capacity(8 * 1024),
        link_groups,
        subheadings,
    };
    writer.write();
    writer.out
}

impl BodyWriter<'_, '_> {
    fn write(&mut self) {
        self.paragraph("");
        self.paragraph("");
        for (heading, recipe) in self.plan.headings.iter().zip(RECIPES) {
            let _ = write!(self.out, "## {heading}\n\n");
            for block in recipe {
                self.block(*block);
            }
        }
        let note = self.rng.pick(FOOTNOTES);
        let _ = writeln!(self.out, "[^1]: {note}");
    }

    fn block(&mut self, block: Block) {
        match block {
            Block::Para => self.paragraph(""),
            Block::Footnoted => self.paragraph("[^1]"),
            Block::Bullets => self.list(|_| "-".to_string()),
            Block::Numbered => self.list(|i| format!("{}.", i + 1)),
            Block::Table => self.table(),
            Block::Sub => {
                let heading = H3[self.subheadings.pop().unwrap_or(0)];
                let _ = write!(self.out, "### {heading}\n\n");
                self.paragraph("");
            }
            Block::Links => self.links(),
        }
    }

    fn sentence(&mut self, template: &str) -> String {
        let number = self.rng.between(2, 12);
        fill(
            template,
            &capital(&self.plan.activity),
            &self.plan.condition,
            number,
        )
    }

    /// 4–7 different sentences with a citation or two; `mark` (a footnote
    /// reference) goes after the first sentence.
    fn paragraph(&mut self, mark: &str) {
        let picked = self.rng.distinct(SENTENCES.len(), 4..=7, &[]);
        let last = picked.len() - 1;
        for (i, template) in picked.into_iter().enumerate() {
            let sentence = self.sentence(SENTENCES[template]);
            self.out.push_str(&sentence);
            if i == 0 {
                self.out.push_str(mark);
            }
            if i == 1 || (i == last && self.rng.chance(50)) {
                let citation = self.cycle.cite(self.rng);
                self.out.pop(); // the full stop goes after the citation
                let _ = write!(self.out, " {citation}.");
            }
            // Wrap lines as editors do, so Markdown sees soft breaks too.
            self.out.push(if i % 2 == 1 { '\n' } else { ' ' });
        }
        self.out.truncate(self.out.trim_end().len());
        self.out.push_str("\n\n");
    }

    fn list(&mut self, marker: impl Fn(usize) -> String) {
        for (i, item) in self
            .rng
            .distinct(ITEMS.len(), 4..=6, &[])
            .into_iter()
            .enumerate()
        {
            let _ = writeln!(self.out, "{} {}", marker(i), ITEMS[item]);
        }
        self.out.push('\n');
    }

    fn table(&mut self) {
        self.out
            .push_str("| Week | What to do | How long |\n|---|---|---|\n");
        for week in 1..=self.rng.between(3, 5) {
            let _ = writeln!(
                self.out,
                "| {week} | {} | {} minutes |",
                self.plan.activity,
                week * 5 + self.rng.between(0, 5)
            );
        }
        let citation = self.cycle.cite(self.rng);
        let _ = write!(
            self.out,
            "\nThis plan follows expert advice {citation}.\n\n"
        );
    }

    /// A sentence linking to the next group of articles, some of the
    /// links to a heading.
    fn links(&mut self) {
        let targets = self.link_groups.pop().unwrap_or_default();
        if targets.is_empty() {
            return;
        }
        let links: Vec<String> = targets.into_iter().map(|t| self.link(t)).collect();
        let _ = write!(self.out, "You may also like {}.\n\n", links.join(" and "));
    }

    fn link(&mut self, target: usize) -> String {
        let (other, _) = self.corpus.plan(target);
        let anchor = if self.rng.chance(50) {
            let heading = self.rng.pick(&other.headings);
            format!("#{}", pamphlet::markdown::slug(heading))
        } else {
            String::new()
        };
        let same = other.section == self.plan.section;
        let folder = SECTIONS[other.section].1;
        let href = match (self.flavor, same) {
            (Flavor::Pamphlet, true) => format!("{}.md{anchor}", other.file),
            (Flavor::Pamphlet, false) => format!("../{folder}/{}.md{anchor}", other.file),
            // Hugo gives each page a folder: `sec/page/index.html`.
            (Flavor::Hugo, true) => format!("../{}/{anchor}", other.file),
            (Flavor::Hugo, false) => format!("../../{folder}/{}/{anchor}", other.file),
            // Zola's internal links, which it resolves and checks, anchors
            // too, as pamphlet checks its links.
            (Flavor::Zola, _) => format!("@/{folder}/{}.md{anchor}", other.file),
        };
        format!("[{}]({href})", other.title.to_lowercase())
    }
}

mod others;

#[cfg(test)]
mod tests;
