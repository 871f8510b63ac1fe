//! The corpus as a Hugo site and as a Zola site: the same home, section
//! and article bodies, with each generator's config and minimal templates
//! that show what pamphlet's default theme shows (navigation, the page
//! with its tags, listings with summaries, 20 to a page).
//!
//! What each writes is kept comparable to pamphlet's output: one feed
//! (the home page's, its 50 newest items, as pamphlet caps its own), a
//! sitemap, tag pages, paged listings. Hugo writes an
//! RSS feed for every list page by default (home, sections, tags); with
//! those defaults it did four times the CPU work at 10,000 articles, which
//! overstated pamphlet's lead, so it is limited to the home feed here.

use std::io;
use std::path::Path;

use super::{write_file, Corpus, Flavor};

impl Corpus {
    /// Writes the same home, section and article bodies as a Hugo site
    /// into `dir` (new or empty): a config, minimal layouts and `content/`
    /// with Hugo front matter. Citations stay as plain text and links
    /// between articles point at Hugo's pretty URLs, so Hugo builds it
    /// without complaint.
    pub fn write_hugo(&self, dir: &Path) -> io::Result<()> {
        self.write_other(dir, HUGO_CONFIG, HUGO_LAYOUTS, Flavor::Hugo)
    }

    /// Writes the same home, section and article bodies as a Zola site
    /// into `dir` (new or empty). Links between articles are Zola's
    /// internal links (`@/section/page.md#heading`), which Zola resolves
    /// and checks, anchors too, as pamphlet checks its links.
    pub fn write_zola(&self, dir: &Path) -> io::Result<()> {
        self.write_other(dir, ZOLA_CONFIG, ZOLA_TEMPLATES, Flavor::Zola)
    }

    fn write_other(
        &self,
        dir: &Path,
        config: &str,
        templates: &[(&str, &str)],
        flavor: Flavor,
    ) -> io::Result<()> {
        write_file(dir, "config.toml", config)?;
        for (path, text) in templates {
            write_file(dir, path, text)?;
        }
        self.write_pages(dir, flavor)
    }
}

const HUGO_CONFIG: &str = r#"baseURL = "https://bench.example.org/"
languageCode = "en-gb"
title = "Synthetic Health Library"

[pagination]
  pagerSize = 20

[services.rss]
  limit = 50

[taxonomies]
  tag = "tags"

[outputs]
  home = ["html", "rss"]
  section = ["html"]
  taxonomy = ["html"]
  term = ["html"]
"#;

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">Home</a>{{ range .Site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#,
    ),
    (
        "layouts/_default/single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>{{ .Description }}</p>
<p>Reviewed {{ .Date.Format "2 January 2006" }}</p>
{{ .Content }}
<ul>{{ range .Params.tags }}<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
</article>{{ end }}
"#,
    ),
    (
        "layouts/_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
    (
        "layouts/index.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range (.Paginate .Site.RegularPages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#,
    ),
];

/// Zola 0.22's settings: one Atom feed (the home page's, 50 items), tag
/// pages paged by 20 and a sitemap. No search index: Zola's (elasticlunr)
/// took two thirds of its CPU time at 2,000 articles and grows faster than
/// the site, and Hugo has none, so leaving it out keeps the comparison on
/// the work all three do (pamphlet's search index is still timed).
const ZOLA_CONFIG: &str = r#"base_url = "https://bench.example.org"
title = "Synthetic Health Library"
default_language = "en"
generate_feeds = true
feed_filenames = ["atom.xml"]
feed_limit = 50
taxonomies = [{ name = "tags", paginate_by = 20, feed = false }]
"#;

const ZOLA_TEMPLATES: &[(&str, &str)] = &[
    (
        "templates/base.html",
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>
<body>
<nav><a href="{{ get_url(path="/") }}">Home</a>{% set home = get_section(path="_index.md", metadata_only=true) %}{% for path in home.subsections %}{% set section = get_section(path=path, metadata_only=true) %} <a href="{{ section.permalink }}">{{ section.title }}</a>{% endfor %}</nav>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
"#,
    ),
    (
        "templates/page.html",
        r#"{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock %}
{% block main %}<article>
<h1>{{ page.title }}</h1>
<p>{{ page.description }}</p>
<p>Reviewed {{ page.date | date(format="%-d %B %Y") }}</p>
{{ page.content | safe }}
<ul>{% for tag in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=tag) }}">{{ tag }}</a></li>{% endfor %}</ul>
</article>{% endblock %}
"#,
    ),
    (
        "templates/section.html",
        r#"{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for page in paginator.pages %}<li><a href="{{ page.permalink }}">{{ page.title }}</a> {{ page.description }}</li>{% endfor %}</ul>
{% include "pager.html" %}
{% endblock %}
"#,
    ),
    ("templates/index.html", r#"{% extends "section.html" %}"#),
    (
        "templates/pager.html",
        r#"<nav>{% if paginator.previous %}<a href="{{ paginator.previous }}">Previous</a>{% endif %} Page {{ paginator.current_index }} of {{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next }}">Next</a>{% endif %}</nav>
"#,
    ),
    (
        "templates/taxonomy_list.html",
        r#"{% extends "base.html" %}
{% block main %}<h1>Tags</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>
{% endblock %}
"#,
    ),
    (
        "templates/taxonomy_single.html",
        r#"{% extends "base.html" %}
{% block title %}{{ term.name }} | {{ config.title }}{% endblock %}
{% block main %}<h1>{{ term.name }}</h1>
<ul>{% for page in paginator.pages %}<li><a href="{{ page.permalink }}">{{ page.title }}</a> {{ page.description }}</li>{% endfor %}</ul>
{% include "pager.html" %}
{% endblock %}
"#,
    ),
];
