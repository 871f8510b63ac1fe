//! `site.yaml`: the settings of one site.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::Labels;

/// Settings from `site.yaml`. Every field has a sensible default except the
/// title, so a starter site needs one line.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    /// Absolute URL the site is published at; only feeds, the sitemap and
    /// canonical links need it. Everything else stays relative.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub owner: Option<Owner>,
    /// The condition the site is about, for search engines' health
    /// metadata (`about` in each article's JSON-LD).
    #[serde(default)]
    pub condition: Option<String>,
    /// Markdown shown at the foot of every page.
    #[serde(default)]
    pub disclaimer: Option<String>,
    /// Where readers send feedback: a `mailto:` or http(s) URL.
    #[serde(default)]
    pub feedback: Option<String>,
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    #[serde(default = "default_reading_grade")]
    pub reading_grade: f64,
    #[serde(default)]
    pub allow_raw_html: bool,
    /// How many articles the Atom feed lists, newest review first: feed
    /// readers fetch it often, and it need not grow with the site.
    #[serde(default = "default_feed_items")]
    pub feed_items: usize,
    /// Lint levels by code: `off`, `warn` or `error`.
    #[serde(default)]
    pub lints: BTreeMap<String, LintLevel>,
    /// Headings of the article parts, for every page (a page's own
    /// `labels:` win).
    #[serde(default, skip_serializing)]
    pub labels: Labels,
    /// Tags whose articles must say when to get help (`help-missing`).
    #[serde(default)]
    pub help_tags: Vec<String>,
    /// How many articles a page of the home page, a section or a tag page
    /// lists; 0 lists them all on one page.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
}

impl SiteConfig {
    /// `base_url` when it is a usable absolute http(s) URL (a malformed
    /// one is reported by the checks, and treated as absent).
    pub fn published_url(&self) -> Option<&str> {
        self.base_url
            .as_deref()
            .filter(|url| crate::check::is_http_url(url))
    }

    pub const FIELDS: &'static [&'static str] = &[
        "title",
        "description",
        "language",
        "base_url",
        "owner",
        "condition",
        "disclaimer",
        "feedback",
        "review_interval_months",
        "reading_grade",
        "allow_raw_html",
        "feed_items",
        "lints",
        "labels",
        "help_tags",
        "paginate_by",
    ];
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    Off,
    Warn,
    Error,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_feed_items() -> usize {
    50
}

fn default_review_interval() -> u32 {
    12
}

fn default_paginate_by() -> usize {
    crate::paginate::DEFAULT_PER_PAGE
}

fn default_reading_grade() -> f64 {
    8.0
}
