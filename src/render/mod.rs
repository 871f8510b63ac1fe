//! Stage 4, render: Markdown and templates to HTML, one page at a time.
//!
//! Entry point: [`site`]. Each content page is rendered on its own (in
//! parallel, with rayon) and handed to the output as soon as it is done:
//! its texts are parsed once and checked (`texts.rs`), citations are
//! numbered in the order the page's template shows its sections (learnt
//! once per template, `probe.rs`), and the page is rendered with Tera.
//! Generated pages (listings, tags, the bibliography, search) follow in
//! `listing.rs`, and the links of every written page are checked last.

mod images;
mod memory;
mod probe;
mod resize;
mod sources;
mod texts;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::cite::{self, Numbering};
use crate::context::*;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::linkcheck::{self, PageLinks};
use crate::listing;
use crate::load::PageSource;
use crate::markdown::{self, Links, Mode, Rewritten};
use crate::metadata;
use crate::model::Label;
use crate::navigation::{self, PageNav};
use crate::plan;
use crate::readability::{self, Reading};
use crate::resolve::{self, Page, PageKind, Site};
use crate::search::{self, SearchDoc, Vocabulary};
use crate::theme::Theme;
use crate::write::Output;
use crate::yaml::Step::{self, Item, Key};

pub use memory::{Memory, Scope};
pub use sources::Cited;
pub use texts::Section;
use texts::{PageTexts, SECTIONS};

/// What one rendered page tells the rest of the build.
pub struct Rendered {
    pub url: String,
    /// Source keys cited on the page, in number order.
    pub cited: Vec<String>,
    pub links: PageLinks,
    pub diagnostics: Vec<Diagnostic>,
    /// What the search index needs of a content page.
    pub search: Option<SearchDoc>,
    /// Figures for `pamphlet stats`.
    pub stats: Option<PageStats>,
}

impl Rendered {
    /// A page that could not be rendered, for `problem`.
    fn failed(page: &Page<'_>, problem: Diagnostic) -> Rendered {
        Rendered {
            url: page.url.clone(),
            cited: Vec::new(),
            links: PageLinks::default(),
            diagnostics: vec![problem],
            search: None,
            stats: None,
        }
    }
}

/// Reading figures of one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageStats {
    pub file: PathBuf,
    pub words: usize,
    /// Flesch–Kincaid grade of the prose, when there is any.
    pub grade: Option<f64>,
    pub sources: usize,
}

/// Shared by every page of one build.
pub struct Renderer<'s, 'a> {
    pub site: &'s Site<'a>,
    pub tera: &'s Tera,
    /// Whether to fill each source's `backlinks` (see [`Theme`]).
    reads_backlinks: bool,
    pub today: Date,
    /// Site settings and navigation, the same on every page.
    pub base: Context,
    summaries: Vec<Summary>,
    /// What each home and section page lists (see [`listing::section_lists`]).
    listed: Vec<Vec<usize>>,
    orders: HashMap<String, Vec<Section>>,
    pub(crate) navigation: Vec<PageNav>,
    sources: sources::Sources<'a>,
    /// The search index's words, filled as pages render.
    pub vocabulary: Vocabulary,
    /// Smaller copies of pictures, each made once.
    pictures: images::Pictures,
}

/// A page's summary, for its own page and for listings.
#[derive(Clone, Default)]
pub struct Summary {
    pub html: String,
    pub text: String,
}

/// What rendering found: problems, and each page's reading figures.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Vec<PageStats>,
    /// How many content pages were rendered (not taken from memory).
    pub rendered: usize,
}

/// Renders the pages of the site that `scope` asks for into `output`, and
/// checks the links of all of them. `memory` holds what the last build
/// rendered; it is updated with this one's results. Smaller copies of
/// pictures are kept in `picture_cache` between builds.
pub fn site(
    site: &Site<'_>,
    theme: &Theme,
    output: &dyn Output,
    today: Date,
    memory: &mut Memory,
    scope: &Scope<'_>,
    picture_cache: Option<&Path>,
) -> Report {
    let mut diagnostics = Vec::new();
    let base = base_context(site, &mut diagnostics);
    let (summaries, problems): (Vec<Summary>, Vec<Vec<Diagnostic>>) = site
        .pages
        .par_iter()
        .map(|page| summary(site, page))
        .unzip();
    diagnostics.extend(problems.into_iter().flatten());
    let mut renderer = Renderer {
        site,
        tera: &theme.tera,
        reads_backlinks: theme.reads_backlinks,
        today,
        base,
        summaries,
        listed: listing::section_lists(site),
        orders: HashMap::new(),
        navigation: navigation::site(site),
        sources: sources::Sources::new(site),
        vocabulary: Vocabulary::default(),
        pictures: images::Pictures::new(picture_cache.map(Path::to_path_buf)),
    };
    let mut plan = memory.plan(&renderer, scope);
    if !plan.is_full() {
        // Word numbers in remembered pages' search entries stay valid.
        renderer.vocabulary = std::mem::take(&mut memory.vocabulary);
    }
    for name in site.pages.iter().map(template_name).collect::<HashSet<_>>() {
        if theme.tera.contains_template(&name) {
            let order = probe::section_order(&renderer, &name);
            renderer.orders.insert(name, order);
        }
    }
    let kept = memory.take_kept(site, &plan);
    let content: Vec<Rendered> = site
        .pages
        .par_iter()
        .zip(kept)
        .enumerate()
        .map(|(index, (page, kept))| kept.unwrap_or_else(|| renderer.page(index, page, output)))
        .collect();
    if memory.citations_changed(&content, &plan) {
        plan.want(resolve::BIBLIOGRAPHY_URL);
    }
    // Later pages of a content listing render with its first page.
    let content_now: HashSet<&str> = site
        .pages
        .iter()
        .zip(&plan.content)
        .filter(|(_, &render)| render && !plan.is_full())
        .map(|(page, _)| page.url.as_str())
        .collect();
    let wants = |url: &str| plan.wants(url) || content_now.contains(url);
    let (fresh, problems) = listing::pages(&renderer, &content, output, &wants);
    diagnostics.extend(problems);
    // What this build rendered, when that is not everything.
    let rendered_now: Option<HashSet<String>> = (!plan.is_full()).then(|| {
        site.pages
            .iter()
            .zip(&plan.content)
            .filter(|(_, &render)| render)
            .map(|(page, _)| page.url.clone())
            .chain(fresh.iter().map(|r| r.url.clone()))
            .collect()
    });
    let mut generated = memory.keep_generated(&fresh);
    generated.extend(fresh);
    if plan.is_full() {
        diagnostics.extend(listing::copy_files(site, output));
        renderer.pictures.prune_cache();
    }
    let pages = content.len();
    let mut all = content;
    all.extend(generated);
    diagnostics.extend(all.iter().flat_map(|r| r.diagnostics.iter().cloned()));
    diagnostics.extend(linkcheck::check_links(
        site,
        &all,
        linkcheck::output_files(site, &all),
        &|url| rendered_now.as_ref().is_none_or(|now| now.contains(url)),
    ));
    let stats = all.iter().filter_map(|r| r.stats.clone()).collect();
    let rendered = plan.rendered();
    let generated = all.split_off(pages);
    memory.remember(renderer, plan, all, generated);
    Report {
        diagnostics,
        stats,
        rendered,
    }
}

/// An error when a page that will be published still has the placeholder
/// text `pamphlet new-article` wrote: readers would see it.
fn placeholder_problem(page: &Page<'_>, source: &PageSource) -> Option<Diagnostic> {
    if page.file.front.draft {
        return None;
    }
    let (at, sentence) = crate::new_article::placeholder(&source.text)?;
    let (line, column) = LineIndex::new(&source.text).line_col(at);
    Some(
        Diagnostic::error(
            "placeholder-text",
            format!("the page still has the new-article placeholder “{sentence}”"),
        )
        .at(&page.file.path, line, column)
        .help("write the page's own text here, or put `draft: true` back until it is ready"),
    )
}

/// A warning when an article carries one of `help_tags` (a topic such as
/// `falls` where readers must know when to seek help) but has no
/// `when_to_get_help` cards.
fn help_missing(help_tags: &[String], page: &Page<'_>) -> Option<Diagnostic> {
    let front = &page.file.front;
    if page.kind != PageKind::Article || !front.when_to_get_help.is_empty() {
        return None;
    }
    let tag = front.tags.iter().find(|tag| {
        help_tags
            .iter()
            .any(|wanted| markdown::slug(wanted) == markdown::slug(tag))
    })?;
    let line = page
        .file
        .yaml_block()
        .top_level_key_line("tags")
        .unwrap_or(1);
    Some(
        Diagnostic::warning(
            "help-missing",
            format!("this article is about `{tag}` but does not say when to get help"),
        )
        .at(&page.file.path, line, 1)
        .help("add `when_to_get_help:` cards (see docs/content.md); site.yaml's `help_tags` asks for them on this topic"),
    )
}

/// Minutes to read `words`, rounded up: 180 words a minute, a little
/// slower than the adult average, as many readers here are older.
fn reading_minutes(words: usize) -> usize {
    words.div_ceil(180).max(1)
}

pub(crate) fn template_name(page: &Page<'_>) -> String {
    let front = &page.file.front;
    match (&front.template, page.kind) {
        (Some(name), _) => name.clone(),
        (None, _) if front.plan.is_some() => "plan.html".into(),
        (None, PageKind::Home) => "index.html".into(),
        (None, PageKind::Section) => "section.html".into(),
        (None, PageKind::Article) => "page.html".into(),
    }
}

/// Links in text that is the same on every page (the disclaimer) cannot be
/// rewritten per page, so they are left as written.
struct Unchanged;

impl Links for Unchanged {
    fn rewrite(&self, _dest: &str) -> Result<Option<Rewritten>, String> {
        Ok(None)
    }
}

fn base_context(site: &Site<'_>, diagnostics: &mut Vec<Diagnostic>) -> Context {
    let config = &site.loaded.config;
    let disclaimer_html = config.disclaimer.as_deref().map(|text| {
        let parsed = markdown::parse(text, Mode::Block, false, &Unchanged, None);
        if !parsed.citations.is_empty() {
            diagnostics.push(
                Diagnostic::error("citation-in-disclaimer", "the disclaimer cannot cite sources")
                    .in_file("site.yaml")
                    .help("the disclaimer shows on every page, which has its own numbered sources; remove the citation"),
            );
        }
        parsed.render(&mut Numbering::default())
    });
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "owner": config.owner,
            "disclaimer_html": disclaimer_html,
            "feedback": config.feedback,
            "base_url": config.base_url,
        }),
    );
    context.insert("nav", &listing::nav(site));
    context.insert("generator", concat!("pamphlet ", env!("CARGO_PKG_VERSION")));
    context
}

/// The summary as HTML and text, with any problems in it. Summaries show in
/// listings and search results where no source list is, so they cannot cite.
fn summary(site: &Site<'_>, page: &Page<'_>) -> (Summary, Vec<Diagnostic>) {
    let Some(text) = &page.file.front.summary else {
        return (Summary::default(), Vec::new());
    };
    let links = PageLinksFor {
        site,
        page,
        pictures: None,
    };
    let mut parsed = markdown::parse(text, Mode::Inline, false, &links, None);
    let at = |offset| {
        page.file
            .value_location(&[Step::Key("summary")], text, offset)
    };
    let mut problems: Vec<Diagnostic> = parsed
        .problems
        .iter()
        .map(|p| {
            let diagnostic = if p.is_error {
                Diagnostic::error(p.code, &p.message)
            } else {
                Diagnostic::warning(p.code, &p.message)
            };
            diagnostic.at_location(at(p.offset)).help(&p.help)
        })
        .collect();
    let first_citation = parsed
        .citations
        .iter()
        .flat_map(|c| &c.citation.items)
        .next();
    if let Some(item) = first_citation {
        problems.push(
            Diagnostic::error("citation-in-summary", "the summary cannot cite sources")
                .at_location(at(item.offset))
                .help("summaries show in listings and search results without a source list; cite in the key takeaway or body instead"),
        );
        // Shown without the citations, so that the listings that show the
        // summary have no link to a missing source list: one mistake, one
        // error.
        for found in &mut parsed.citations {
            found.citation.items.clear();
        }
    }
    let summary = Summary {
        html: parsed.render(&mut Numbering::default()),
        text: parsed.plain_text().trim().to_string(),
    };
    (summary, problems)
}

/// Link rewriting from one page, for the Markdown parser, and its
/// pictures when they are read (not in summaries, which show none).
struct PageLinksFor<'s, 'a> {
    site: &'s Site<'a>,
    page: &'s Page<'a>,
    pictures: Option<(&'s images::Pictures, &'s dyn Output)>,
}

impl Links for PageLinksFor<'_, '_> {
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
        self.site.rewrite_link(self.page, dest)
    }

    fn picture(&self, dest: &str, href: &str) -> markdown::Picture {
        match self.pictures {
            Some((pictures, output)) => {
                images::picture(self.site, self.page, dest, href, pictures, output)
            }
            None => markdown::Picture::default(),
        }
    }
}

impl<'s, 'a> Renderer<'s, 'a> {
    fn page(&self, index: usize, page: &Page<'a>, output: &dyn Output) -> Rendered {
        let source = match page.file.read_source(&self.site.loaded.root) {
            Ok(source) => source,
            Err(problem) => return Rendered::failed(page, problem),
        };
        let mut diagnostics = Vec::new();
        let front = &page.file.front;
        let plan = front
            .plan
            .as_deref()
            .and_then(|file| match plan::load(self.site, page, file) {
                Ok(plan) => {
                    diagnostics.extend(plan.warnings.iter().cloned());
                    Some(plan)
                }
                Err(problems) => {
                    diagnostics.extend(problems);
                    None
                }
            });
        let links = PageLinksFor {
            site: self.site,
            page,
            pictures: Some((&self.pictures, output)),
        };
        let mut texts = PageTexts::parse(
            page,
            source.body(),
            plan.as_ref(),
            &links,
            self.site.loaded.config.allow_raw_html,
        );
        let texts::Checked {
            diagnostics: problems,
            anchors,
            checked,
        } = texts.check(self.site, page, &source);
        diagnostics.extend(problems);
        let order = self
            .orders
            .get(&template_name(page))
            .map_or(&SECTIONS[..], Vec::as_slice);
        let (html, numbering) = texts.number(order);
        diagnostics.extend(placeholder_problem(page, &source));
        diagnostics.extend(help_missing(&self.site.loaded.config.help_tags, page));
        let reading = (page.kind == PageKind::Article)
            .then(|| readability::score(&texts.prose()))
            .flatten();
        let reading_problem = reading
            .as_ref()
            .and_then(|r| self.reading_problem(page, &source, r));
        if let Some(problem) = reading_problem {
            diagnostics.push(problem);
        }

        let summary = &self.summaries[index];
        let cited = self.sources.cited(self.site, page, numbering.keys());
        let mut context = self.page_context(index, page, &texts, &html, &numbering, &cited);
        // A plan builder is used, not read: no reading time.
        context.reading_minutes = reading
            .as_ref()
            .filter(|_| front.plan.is_none())
            .map(|r| reading_minutes(r.words));
        let pictures = (&self.pictures, output);
        context.image = front.image.as_ref().and_then(|image| {
            let at = [Key("image"), Key("file")];
            images::resolve(self.site, page, image, &at, pictures, &mut diagnostics)
        });
        context.figures = (front.figures.iter().enumerate())
            .filter_map(|(i, figure)| {
                let at = [Key("figures"), Item(i), Key("file")];
                images::resolve(self.site, page, figure, &at, pictures, &mut diagnostics)
            })
            .collect();
        let config = &self.site.loaded.config;
        context.image_url = context
            .image
            .as_ref()
            .zip(config.published_url())
            .map(|(image, base)| crate::href::absolute(base, &image.from_root));
        if page.kind == PageKind::Article {
            let citations: Vec<_> = cited.iter().map(|c| &*c.formatted.citation).collect();
            let page_meta = metadata::Page {
                front,
                url: &page.url,
                description: &summary.text,
                image: context.image_url.as_deref(),
            };
            context.json_ld = Some(metadata::json_ld(config, &page_meta, &citations));
        }
        let mut extra = Context::new();
        if let Some(plan) = &plan {
            extra.insert("plan", &plan.context(&html[texts.plan.clone()]));
        }
        if page.kind != PageKind::Article {
            let listed = self.listed(index);
            let place = crate::paginate::Place {
                first: &page.url,
                number: 1,
                total: listed.len(),
                per_page: self.site.loaded.config.paginate_by,
            };
            listing::insert_listing(self, &mut extra, &place, listed);
        }
        let mut links_out = PageLinks::default();
        match self.render(&template_name(page), &page.url, &context, extra) {
            Ok(out) => {
                if let Err(error) = output.write(&page.url, out.as_bytes()) {
                    diagnostics.push(Diagnostic::error(
                        "write",
                        format!("cannot write {}: {error}", page.url),
                    ));
                }
                links_out = PageLinks::of(&out, &checked);
            }
            Err(problem) => diagnostics.push(problem.at(&page.file.path, 1, 1)),
        }
        links_out.anchors = anchors;
        let body = texts.search_text();
        let headings: Vec<String> = texts.headings.iter().map(|h| h.text.clone()).collect();
        let shown = search::PageText {
            url: &page.url,
            title: &front.title,
            summary: &summary.text,
            headings: &headings,
            body: &body,
        };
        let search = self.vocabulary.doc(&shown);
        if let Err(error) = search::write_page(index, &shown, output) {
            diagnostics.push(Diagnostic::error(
                "write",
                format!("cannot write the search text of {}: {error}", page.url),
            ));
        }
        let stats = PageStats {
            file: page.file.path.clone(),
            words: reading.as_ref().map_or(0, |r| r.words),
            grade: reading.map(|r| r.grade),
            sources: numbering.keys().len(),
        };
        Rendered {
            url: page.url.clone(),
            cited: numbering.keys().to_vec(),
            links: links_out,
            diagnostics,
            search: Some(search),
            stats: Some(stats),
        }
    }

    /// What the page template sees as `page`.
    fn page_context<'p>(
        &'p self,
        index: usize,
        page: &'p Page<'a>,
        texts: &PageTexts<'_>,
        html: &'p [String],
        numbering: &Numbering,
        cited: &'p [Cited<'_, '_>],
    ) -> PageContext<'p> {
        let front = &page.file.front;
        let config = &self.site.loaded.config;
        let summary = &self.summaries[index];
        let take = |i: usize| html[i].as_str();
        let headings = &texts.headings;
        PageContext {
            title: &front.title,
            description: (!summary.text.is_empty()).then_some(summary.text.as_str()),
            url: &page.url,
            draft: front.draft,
            summary_html: &summary.html,
            key_takeaway_html: texts.key_takeaway.map(take).unwrap_or_default(),
            review: Review::of(
                front.reviewed,
                self.site.loaded.config.review_interval_months,
                self.today,
            ),
            reviewed_by: &front.reviewed_by,
            author: &front.author,
            published: DateContext::of(front.published),
            updated: DateContext::of(front.updated),
            reading_minutes: None,
            labels: Label::ALL
                .iter()
                .map(|l| (l.name(), l.text(&front.labels, &config.labels)))
                .collect(),
            when_to_get_help: texts
                .help
                .iter()
                .map(|h| HelpContext {
                    urgency: h.urgency.css_class(),
                    urgency_label: h.urgency.label(),
                    action_html: take(h.action),
                    signs_html: h.signs.iter().map(|&i| take(i)).collect(),
                })
                .collect(),
            image: None,
            image_url: None,
            figures: Vec::new(),
            toc: headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocEntry {
                    level: h.level,
                    id: h.id.clone(),
                    title_html: cite::escape(&h.text),
                })
                .collect(),
            show_toc: headings.iter().filter(|h| h.level == 2).count() >= 3,
            content_html: take(texts.body),
            evidence_summary: texts
                .findings
                .iter()
                .map(|f| FindingContext {
                    outcome_html: take(f.outcome),
                    finding_html: take(f.finding),
                    certainty: f.certainty.map(|c| CertaintyContext {
                        level: c.css_class(),
                        label: c.label(),
                        meaning: c.meaning(),
                    }),
                })
                .collect(),
            exercise_types: texts
                .exercises
                .iter()
                .map(|e| ExerciseContext {
                    name_html: take(e.name),
                    examples_html: e.examples.iter().map(|&i| take(i)).collect(),
                    benefit_html: e.benefit.map(take).unwrap_or_default(),
                })
                .collect(),
            safety_tips: texts.tips.iter().map(|&i| take(i)).collect(),
            comparison: texts.comparison.as_ref().map(|c| ComparisonContext {
                caption_html: take(c.caption),
                columns_html: c.columns.iter().map(|&i| take(i)).collect(),
                rows: c
                    .rows
                    .iter()
                    .map(|(label, cells)| RowContext {
                        label_html: take(*label),
                        cells_html: cells.iter().map(|&i| take(i)).collect(),
                    })
                    .collect(),
            }),
            do_html: texts.dos.iter().map(|&i| take(i)).collect(),
            dont_html: texts.donts.iter().map(|&i| take(i)).collect(),
            questions: texts
                .questions
                .iter()
                .map(|q| QuestionContext {
                    question_html: take(q.question),
                    answer_html: take(q.answer),
                })
                .collect(),
            bottom_line_html: texts.bottom_line.map(take).unwrap_or_default(),
            sources: cited
                .iter()
                .map(|c| SourceContext::new(c, numbering.uses(c.number), self.reads_backlinks))
                .collect(),
            tags: listing::tag_links(self.site, front),
            navigation: self.navigation[index].clone(),
            json_ld: None,
            canonical: config
                .published_url()
                .map(|base| crate::href::absolute(base, &page.url)),
        }
    }

    /// A warning when an article reads above the site's target grade,
    /// quoting the sentences that raise it most.
    fn reading_problem(
        &self,
        page: &Page<'_>,
        source: &PageSource,
        reading: &Reading,
    ) -> Option<Diagnostic> {
        let target = self.site.loaded.config.reading_grade;
        // The formula says little about a few sentences.
        if reading.grade <= target || reading.words < readability::MIN_WORDS {
            return None;
        }
        let hardest = reading.hardest.first()?;
        let start: String = hardest.chars().take(30).collect();
        let at = source.text.find(start.trim()).unwrap_or(0);
        let (line, column) = LineIndex::new(&source.text).line_col(at);
        let quotes: Vec<String> = reading.hardest.iter().map(|s| format!("“{s}”")).collect();
        Some(
            Diagnostic::warning(
                "reading-level",
                format!(
                    "this page reads at grade {:.1}; the site aims for grade {target} or below",
                    reading.grade
                ),
            )
            .at(&page.file.path, line, column)
            .help(format!(
                "shorten or simplify the hardest sentences: {}",
                quotes.join(" ")
            )),
        )
    }

    pub fn summary_of(&self, index: usize) -> &Summary {
        &self.summaries[index]
    }

    /// The pages home or section page `index` lists, in listing order.
    pub fn listed(&self, index: usize) -> &[usize] {
        &self.listed[index]
    }

    /// Renders template `name` for the file at `url` with `page` and the
    /// shared context.
    pub fn render<T: Serialize>(
        &self,
        name: &str,
        url: &str,
        page: &T,
        extra: Context,
    ) -> Result<String, Diagnostic> {
        let mut context = self.base.clone();
        context.insert("page", page);
        context.insert("root", &crate::href::root_prefix(url));
        context.insert("url", url);
        context.extend(extra);
        self.tera.render(name, &context).map_err(|error| {
            let help = if self.tera.contains_template(name) {
                "fix the template, or the data it expects".to_string()
            } else {
                let mut names: Vec<&str> = self.tera.get_template_names().collect();
                names.sort_unstable();
                format!(
                    "no template is called `{name}`; the templates are: {}",
                    names.join(", ")
                )
            };
            let place = crate::theme::located(&error)
                .map(|(template, line, column)| format!(" (templates/{template}:{line}:{column})"))
                .unwrap_or_default();
            Diagnostic::error(
                "template",
                format!(
                    "cannot render `{name}`{place}: {}",
                    crate::theme::describe(&error)
                ),
            )
            .help(help)
        })
    }
}
