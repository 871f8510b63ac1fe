//! Stage 4, render: Markdown and templates to HTML, one page at a time.
//!
//! Entry point: [`site`]. Each content page is rendered on its own (in
//! parallel, with rayon) and handed to the output as soon as it is done:
//! its texts are parsed once, citations are checked against the
//! bibliography, numbered in the order the page's template shows its
//! sections (learnt once per template, see [`section_order`]), and the
//! page is rendered with Tera. Generated pages (tags, the bibliography)
//! follow in `listing.rs`, and the links of every written page are checked
//! last.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::cite::{self, Numbering};
use crate::context::*;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, LineIndex, Location};
use crate::linkcheck;
use crate::listing;
use crate::markdown::{self, HeadingIds, Links, Mode, Parsed, Rewritten, TextProblem};
use crate::plan;
use crate::resolve::{self, Page, PageKind, Site};
use crate::write::Output;

/// The parts of an article that can cite, in the theme's default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    KeyTakeaway,
    Body,
    Evidence,
    ExerciseTypes,
    SafetyTips,
    Comparison,
    /// The texts of a plan-builder page's data (see `plan.rs`). The probe
    /// cannot see where a template shows them, so they are always numbered
    /// after the sections it found.
    Plan,
}

const SECTIONS: [Section; 6] = [
    Section::KeyTakeaway,
    Section::Body,
    Section::Evidence,
    Section::ExerciseTypes,
    Section::SafetyTips,
    Section::Comparison,
];

/// What one rendered page tells the rest of the build.
pub struct Rendered {
    pub url: String,
    /// Source keys cited on the page, in number order.
    pub cited: Vec<String>,
    pub links: PageLinks,
    pub diagnostics: Vec<Diagnostic>,
}

/// Ids a page defines and links it makes, for the final link check.
#[derive(Default)]
pub struct PageLinks {
    pub ids: HashSet<String>,
    pub hrefs: Vec<String>,
    /// Links written in content to `page#fragment`, with where they are.
    pub anchors: Vec<(String, String, Location)>,
    /// Hrefs from content that were checked where they were written.
    pub checked: HashSet<String>,
}

/// Shared by every page of one build.
pub struct Renderer<'s, 'a> {
    pub site: &'s Site<'a>,
    pub tera: &'s Tera,
    pub today: Date,
    /// Site settings and navigation, the same on every page.
    pub base: Context,
    summaries: Vec<Summary>,
    orders: HashMap<String, Vec<Section>>,
}

/// A page's summary, for its own page and for listings.
#[derive(Clone, Default)]
pub struct Summary {
    pub html: String,
    pub text: String,
}

/// Renders every page of the site into `output`; returns what was found.
pub fn site(site: &Site<'_>, tera: &Tera, output: &dyn Output, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let base = base_context(site, &mut diagnostics);
    let summaries: Vec<Summary> = site
        .pages
        .par_iter()
        .map(|page| summary(site, page, &mut Vec::new()))
        .collect();
    let mut renderer = Renderer {
        site,
        tera,
        today,
        base,
        summaries,
        orders: HashMap::new(),
    };
    for name in site.pages.iter().map(template_name).collect::<HashSet<_>>() {
        if tera.get_template(&name).is_ok() {
            let order = section_order(&renderer, &name);
            renderer.orders.insert(name, order);
        }
    }
    let pages: Vec<Rendered> = site
        .pages
        .par_iter()
        .map(|page| renderer.page(page, output))
        .collect();
    let mut rendered = pages;
    rendered.extend(listing::pages(
        &renderer,
        &rendered,
        output,
        &mut diagnostics,
    ));
    diagnostics.extend(
        rendered
            .iter_mut()
            .flat_map(|r| std::mem::take(&mut r.diagnostics)),
    );
    diagnostics.extend(listing::copy_files(site, output));
    diagnostics.extend(linkcheck::check_links(
        site,
        &rendered,
        linkcheck::output_files(site, &rendered),
    ));
    diagnostics
}

fn template_name(page: &Page<'_>) -> String {
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

fn summary(site: &Site<'_>, page: &Page<'_>, problems: &mut Vec<Diagnostic>) -> Summary {
    let Some(text) = &page.file.front.summary else {
        return Summary::default();
    };
    let links = PageLinksFor { site, page };
    let parsed = markdown::parse(
        text,
        Mode::Inline,
        site.loaded.config.allow_raw_html,
        &links,
        None,
    );
    if !parsed.citations.is_empty() {
        let line = page
            .file
            .yaml_block()
            .top_level_key_line("summary")
            .unwrap_or(1);
        problems.push(
            Diagnostic::error("citation-in-summary", "the summary cannot cite sources")
                .at(&page.file.path, line, 1)
                .help("summaries show in listings and search results without a source list; cite in the key takeaway or body instead"),
        );
    }
    Summary {
        html: parsed.render(&mut Numbering::default()),
        text: parsed.plain_text().trim().to_string(),
    }
}

/// Link rewriting from one page, for the Markdown parser.
struct PageLinksFor<'s, 'a> {
    site: &'s Site<'a>,
    page: &'s Page<'a>,
}

impl Links for PageLinksFor<'_, '_> {
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
        self.site.rewrite_link(self.page, dest)
    }
}

/// One text of a page: which section it belongs to, where it came from,
/// and its parse.
struct Text<'a> {
    section: Section,
    origin: Origin<'a>,
    parsed: Parsed<'a>,
}

/// Where a text was written, for pointing diagnostics at it.
enum Origin<'a> {
    /// The page's Markdown body.
    Body,
    /// A front-matter field with this value.
    Front(&'a str),
    /// A data file (plan data), at this place.
    Data(Location),
}

/// The texts of a page, parsed, with their places in the page's structure.
struct PageTexts<'a> {
    texts: Vec<Text<'a>>,
}

impl<'a> PageTexts<'a> {
    fn add(
        &mut self,
        section: Section,
        value: &'a str,
        links: &dyn Links,
        allow_html: bool,
    ) -> usize {
        self.push(section, Origin::Front(value), value, links, allow_html)
    }

    fn push(
        &mut self,
        section: Section,
        origin: Origin<'a>,
        value: &'a str,
        links: &dyn Links,
        allow_html: bool,
    ) -> usize {
        let parsed = markdown::parse(value, Mode::Inline, allow_html, links, None);
        self.texts.push(Text {
            section,
            origin,
            parsed,
        });
        self.texts.len() - 1
    }
}

impl<'s, 'a> Renderer<'s, 'a> {
    fn page(&self, page: &Page<'a>, output: &dyn Output) -> Rendered {
        let mut diagnostics = Vec::new();
        let front = &page.file.front;
        let allow_html = self.site.loaded.config.allow_raw_html;
        let links = PageLinksFor {
            site: self.site,
            page,
        };
        // Loaded before `texts`, which borrow the plan's texts.
        let plan = front.plan.as_deref().and_then(|file| {
            let loaded = plan::load(self.site, page, file);
            let problems = loaded
                .as_ref()
                .map_or_else(Clone::clone, |p| p.warnings.clone());
            diagnostics.extend(problems);
            loaded.ok()
        });
        let mut texts = PageTexts { texts: Vec::new() };

        let key_takeaway = front
            .key_takeaway
            .as_deref()
            .map(|t| texts.add(Section::KeyTakeaway, t, &links, allow_html));
        let mut ids = HeadingIds::new();
        let body = markdown::parse(
            page.file.body_text(),
            Mode::Block,
            allow_html,
            &links,
            Some(&mut ids),
        );
        let headings = body.headings.clone();
        texts.texts.push(Text {
            section: Section::Body,
            origin: Origin::Body,
            parsed: body,
        });
        let body_index = texts.texts.len() - 1;
        let findings: Vec<_> = front
            .evidence_summary
            .iter()
            .map(|f| {
                (
                    texts.add(Section::Evidence, &f.outcome, &links, allow_html),
                    texts.add(Section::Evidence, &f.finding, &links, allow_html),
                    f.certainty,
                )
            })
            .collect();
        let exercises: Vec<_> = front
            .exercise_types
            .iter()
            .map(|e| {
                let name = texts.add(Section::ExerciseTypes, &e.name, &links, allow_html);
                let examples: Vec<usize> = e
                    .examples
                    .iter()
                    .map(|x| texts.add(Section::ExerciseTypes, x, &links, allow_html))
                    .collect();
                let benefit = e
                    .benefit
                    .as_deref()
                    .map(|b| texts.add(Section::ExerciseTypes, b, &links, allow_html));
                (name, examples, benefit)
            })
            .collect();
        let tips: Vec<usize> = front
            .safety_tips
            .iter()
            .map(|t| texts.add(Section::SafetyTips, t, &links, allow_html))
            .collect();
        let comparison = front.comparison.as_ref().map(|c| {
            let caption = texts.add(Section::Comparison, &c.caption, &links, allow_html);
            let columns: Vec<usize> = c
                .columns
                .iter()
                .map(|x| texts.add(Section::Comparison, x, &links, allow_html))
                .collect();
            let rows: Vec<(usize, Vec<usize>)> = c
                .rows
                .iter()
                .map(|r| {
                    let label = texts.add(Section::Comparison, &r.label, &links, allow_html);
                    let cells = r
                        .cells
                        .iter()
                        .map(|x| texts.add(Section::Comparison, x, &links, allow_html))
                        .collect();
                    (label, cells)
                })
                .collect();
            (caption, columns, rows)
        });
        let plan_texts = plan.as_ref().map(|plan| {
            let first = texts.texts.len();
            for (text, location) in plan.texts() {
                let origin = Origin::Data(location);
                texts.push(Section::Plan, origin, text, &links, allow_html);
            }
            first..texts.texts.len()
        });

        let index = LineIndex::new(&page.file.text);
        let locate = |text: &Text<'_>, offset: usize, needle: &str| {
            self.locate(page, &index, text, offset, needle)
        };
        let mut links_out = PageLinks::default();
        for text in &mut texts.texts {
            // Unknown sources are reported below and get no number, so
            // the page never links to a source list entry that is missing.
            let unknown: Vec<(String, usize)> = text
                .parsed
                .citations
                .iter()
                .flat_map(|c| c.citation.items.iter())
                .filter(|item| self.site.bibliography.lookup(page, &item.key).is_none())
                .map(|item| (item.key.clone(), item.offset))
                .collect();
            for (key, offset) in unknown {
                let location = locate(text, offset, &format!("@{key}"));
                diagnostics.push(self.unknown_source(page, &key).at_location(location));
            }
            for found in &mut text.parsed.citations {
                found
                    .citation
                    .items
                    .retain(|item| self.site.bibliography.lookup(page, &item.key).is_some());
            }
            for problem in &text.parsed.problems {
                diagnostics.push(text_problem(
                    problem,
                    locate(text, problem.offset, problem_needle(problem, text)),
                ));
            }
            links_out
                .checked
                .extend(text.parsed.checked_hrefs.iter().cloned());
            for ((url, fragment), offset) in &text.parsed.anchors {
                let location = locate(text, *offset, fragment);
                links_out
                    .anchors
                    .push((url.clone(), fragment.clone(), location));
            }
        }

        // Number in the order the template shows the sections.
        let order = self
            .orders
            .get(&template_name(page))
            .map_or(&SECTIONS[..], Vec::as_slice);
        let mut numbering = Numbering::default();
        let mut html = vec![String::new(); texts.texts.len()];
        for section in order.iter().chain([&Section::Plan]) {
            for (i, text) in texts
                .texts
                .iter()
                .enumerate()
                .filter(|(_, t)| t.section == *section)
            {
                html[i] = text.parsed.render(&mut numbering);
            }
        }
        diagnostics.extend(self.uncited_page_sources(page, &texts));

        let summary = &self.summaries[self.page_index(page)];
        let take = |i: usize| html[i].clone();
        let context = PageContext {
            title: &front.title,
            description: (!summary.text.is_empty()).then_some(summary.text.as_str()),
            url: &page.url,
            draft: front.draft,
            summary_html: summary.html.clone(),
            key_takeaway_html: key_takeaway.map(take).unwrap_or_default(),
            review: Review::of(
                front.reviewed,
                self.site.loaded.config.review_interval_months,
                self.today,
            ),
            reviewed_by: &front.reviewed_by,
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
            content_html: take(body_index),
            evidence_summary: findings
                .iter()
                .map(|&(outcome, finding, certainty)| FindingContext {
                    outcome_html: take(outcome),
                    finding_html: take(finding),
                    certainty: certainty.map(|c| CertaintyContext {
                        level: c.css_class(),
                        label: c.label(),
                        meaning: c.meaning(),
                    }),
                })
                .collect(),
            exercise_types: exercises
                .iter()
                .map(|(name, examples, benefit)| ExerciseContext {
                    name_html: take(*name),
                    examples_html: examples.iter().map(|&i| take(i)).collect(),
                    benefit_html: benefit.map(take).unwrap_or_default(),
                })
                .collect(),
            safety_tips: tips.iter().map(|&i| take(i)).collect(),
            comparison: comparison
                .as_ref()
                .map(|(caption, columns, rows)| ComparisonContext {
                    caption_html: take(*caption),
                    columns_html: columns.iter().map(|&i| take(i)).collect(),
                    rows: rows
                        .iter()
                        .map(|(label, cells)| RowContext {
                            label_html: take(*label),
                            cells_html: cells.iter().map(|&i| take(i)).collect(),
                        })
                        .collect(),
                }),
            sources: self.source_list(page, &numbering),
            tags: listing::tag_links(self.site, front),
        };
        let mut extra = Context::new();
        if let (Some(plan), Some(range)) = (&plan, plan_texts) {
            extra.insert("plan", &plan.context(&html[range]));
        }
        if page.kind != PageKind::Article {
            extra.insert(
                "pages",
                &listing::items(self, &listing::section_pages(self.site, page)),
            );
        }
        match self.render(&template_name(page), &page.url, &context, extra) {
            Ok(out) => {
                if let Err(error) = output.write(&page.url, out.as_bytes()) {
                    diagnostics.push(Diagnostic::error(
                        "write",
                        format!("cannot write {}: {error}", page.url),
                    ));
                }
                let found = linkcheck::scan_links(&out);
                links_out.ids = found.ids;
                links_out.hrefs = found.hrefs;
            }
            Err(problem) => diagnostics.push(problem.at(&page.file.path, 1, 1)),
        }
        Rendered {
            url: page.url.clone(),
            cited: numbering.keys().to_vec(),
            links: links_out,
            diagnostics,
        }
    }

    pub fn page_index(&self, page: &Page<'_>) -> usize {
        self.site
            .pages
            .iter()
            .position(|p| std::ptr::eq(p.file, page.file))
            .unwrap_or(0)
    }

    pub fn summary_of(&self, index: usize) -> &Summary {
        &self.summaries[index]
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
        context.insert("root", &resolve::root_prefix(url));
        context.insert("url", url);
        context.extend(extra);
        self.tera.render(name, &context).map_err(|error| {
            let help = if self.tera.get_template(name).is_err() {
                let names: Vec<&str> = self.tera.get_template_names().collect();
                format!(
                    "no template is called `{name}`; the templates are: {}",
                    names.join(", ")
                )
            } else {
                "fix the template, or the data it expects".to_string()
            };
            Diagnostic::error(
                "template",
                format!("cannot render `{name}`: {}", crate::theme::describe(&error)),
            )
            .help(help)
        })
    }

    fn locate(
        &self,
        page: &Page<'_>,
        index: &LineIndex<'_>,
        text: &Text<'_>,
        offset: usize,
        needle: &str,
    ) -> Location {
        let (line, column) = match &text.origin {
            Origin::Body => index.line_col(page.file.body.start + offset),
            Origin::Data(location) => return location.clone(),
            Origin::Front(value) => {
                let block = page.file.yaml_block();
                let start: String = value.chars().take(24).collect();
                let value_line = block.find(start.trim(), 1).map_or(1, |(l, _)| l);
                block
                    .find(needle, value_line)
                    .or_else(|| block.find(needle, 1))
                    .unwrap_or((value_line, 1))
            }
        };
        Location {
            file: page.file.path.clone(),
            line,
            column,
        }
    }

    fn unknown_source(&self, page: &Page<'_>, key: &str) -> Diagnostic {
        let known: Vec<&str> = page
            .file
            .front
            .sources
            .keys()
            .map(String::as_str)
            .chain(self.site.bibliography.site.keys().copied())
            .collect();
        let diagnostic =
            Diagnostic::error("unknown-source", format!("no source is called `{key}`"));
        match crate::yaml::closest(key, &known) {
            Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
            None => diagnostic
                .help("add the source to content/sources.yaml, or to this page's `sources:`"),
        }
    }

    fn uncited_page_sources(&self, page: &Page<'_>, texts: &PageTexts<'_>) -> Vec<Diagnostic> {
        let cited: HashSet<&str> = texts
            .texts
            .iter()
            .flat_map(|t| {
                t.parsed
                    .citations
                    .iter()
                    .flat_map(|c| c.citation.items.iter().map(|i| i.key.as_str()))
            })
            .collect();
        let block = page.file.yaml_block();
        page.file
            .front
            .sources
            .keys()
            .filter(|key| !cited.contains(key.as_str()))
            .map(|key| {
                let (line, column) = block.key_position(key).unwrap_or((1, 1));
                Diagnostic::warning(
                    "uncited-source",
                    format!("the source `{key}` is defined on this page but never cited"),
                )
                .at(&page.file.path, line, column)
                .help(format!(
                    "cite it with [@{key}] where it supports a claim, or remove it"
                ))
            })
            .collect()
    }

    fn source_list(&self, page: &Page<'a>, numbering: &Numbering) -> Vec<SourceContext> {
        numbering
            .keys()
            .iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let number = i + 1;
                let source = self.site.bibliography.lookup(page, key)?;
                let occurrences = numbering.occurrence_ids(number);
                let single = occurrences.len() == 1;
                let backlinks = occurrences
                    .into_iter()
                    .enumerate()
                    .map(|(n, id)| BacklinkContext {
                        label: if single {
                            format!("Back to where source {number} is cited")
                        } else {
                            format!("Back to citation {} of source {number}", cite::letters(n))
                        },
                        id,
                    })
                    .collect();
                Some(SourceContext::new(number, key, source, backlinks))
            })
            .collect()
    }
}

/// Which part of a text problem to point the caret at.
fn problem_needle<'t>(problem: &TextProblem, text: &'t Text<'_>) -> &'t str {
    match text.origin {
        Origin::Front(value) => value
            .get(problem.offset..)
            .map_or("", |rest| rest.get(..rest.len().min(12)).unwrap_or(rest)),
        Origin::Body | Origin::Data(_) => "",
    }
}

fn text_problem(problem: &TextProblem, location: Location) -> Diagnostic {
    let diagnostic = if problem.is_error {
        Diagnostic::error(problem.code, problem.message.clone())
    } else {
        Diagnostic::warning(problem.code, problem.message.clone())
    };
    diagnostic.at_location(location).help(problem.help.clone())
}

/// Learns the order a template shows the citing sections in, by rendering
/// it once with a marker in each section and reading where they land. A
/// template that cannot be probed keeps the default order.
fn section_order(renderer: &Renderer<'_, '_>, template: &str) -> Vec<Section> {
    let marker = |s: Section| {
        format!(
            "\u{E000}{}\u{E001}",
            SECTIONS.iter().position(|x| *x == s).unwrap_or(0)
        )
    };
    let probe = PageContext {
        title: "probe",
        description: None,
        url: "probe/index.html",
        draft: false,
        summary_html: String::new(),
        key_takeaway_html: marker(Section::KeyTakeaway),
        review: Review::default(),
        reviewed_by: &[],
        toc: Vec::new(),
        show_toc: false,
        content_html: marker(Section::Body),
        evidence_summary: vec![FindingContext {
            outcome_html: String::new(),
            finding_html: marker(Section::Evidence),
            certainty: None,
        }],
        exercise_types: vec![ExerciseContext {
            name_html: marker(Section::ExerciseTypes),
            examples_html: Vec::new(),
            benefit_html: marker(Section::ExerciseTypes),
        }],
        safety_tips: vec![marker(Section::SafetyTips)],
        comparison: Some(ComparisonContext {
            caption_html: marker(Section::Comparison),
            columns_html: vec![String::new()],
            rows: vec![RowContext {
                label_html: String::new(),
                cells_html: vec![marker(Section::Comparison)],
            }],
        }),
        sources: Vec::new(),
        tags: Vec::new(),
    };
    let mut extra = Context::new();
    extra.insert("pages", &Vec::<()>::new());
    let Ok(html) = renderer.render(template, "probe/index.html", &probe, extra) else {
        return SECTIONS.to_vec();
    };
    let mut found: Vec<(usize, Section)> = SECTIONS
        .iter()
        .filter_map(|&s| html.find(&marker(s)).map(|at| (at, s)))
        .collect();
    found.sort_by_key(|(at, _)| *at);
    found.into_iter().map(|(_, s)| s).collect()
}
