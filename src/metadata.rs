//! Metadata for search engines and sharing: schema.org JSON-LD of type
//! `MedicalWebPage` for each article, with its review and its citations.
//!
//! A source is cited by many pages, so its citation is serialised once per
//! build ([`citation`]) and each page's JSON-LD takes it as written. The
//! page itself is a typed struct; its fields are in the order serde_json
//! writes a map's keys (sorted), which keeps the output what it was when
//! the page was a map.

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::config::SiteConfig;
use crate::href::absolute;
use crate::model::{FrontMatter, Source};

#[derive(Serialize)]
struct MedicalWebPage<'p> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Thing<'p>>,
    /// What the page covers: "Prevention", "Treatment"...
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aspect: &'p [String],
    audience: Audience,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'p>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    citation: &'p [&'p RawValue],
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'p str>,
    #[serde(rename = "inLanguage")]
    in_language: &'p str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "mainContentOfPage")]
    main_content: MainContent,
    #[serde(rename = "medicalAudience")]
    medical_audience: &'static str,
    name: &'p str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'p>>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Vec::is_empty")]
    reviewed_by: Vec<Thing<'p>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A named schema.org thing: a `Person`, a `MedicalCondition`.
#[derive(Serialize)]
struct Thing<'p> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'p str,
}

#[derive(Serialize)]
struct Organization<'p> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'p str,
    url: Option<&'p str>,
}

#[derive(Serialize)]
struct Audience {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "audienceType")]
    audience_type: &'static str,
}

#[derive(Serialize)]
struct MainContent {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "cssSelector")]
    css_selector: &'static str,
}

/// What the JSON-LD of one article is made from.
pub struct Page<'p> {
    pub front: &'p FrontMatter,
    /// The page's path from the site root.
    pub url: &'p str,
    pub description: &'p str,
    /// The lead image's absolute URL.
    pub image: Option<&'p str>,
}

/// The JSON-LD of an article, ready to print inside
/// `<script type="application/ld+json">`: `<` is escaped so that no text
/// can close the element. `citations` are the page's sources as
/// [`citation`] wrote them.
pub fn json_ld(config: &SiteConfig, article: &Page<'_>, citations: &[&RawValue]) -> String {
    let Page {
        front,
        url,
        description,
        image,
    } = *article;
    let page = MedicalWebPage {
        context: "https://schema.org",
        kind: "MedicalWebPage",
        about: config.condition.as_deref().map(|name| Thing {
            kind: "MedicalCondition",
            name,
        }),
        aspect: &front.aspect,
        audience: Audience {
            kind: "MedicalAudience",
            audience_type: "Patient",
        },
        author: people(&front.author),
        citation: citations,
        date_modified: front.updated.map(|date| date.to_string()),
        date_published: front.published.map(|date| date.to_string()),
        description,
        image,
        in_language: &config.language,
        last_reviewed: front.reviewed.map(|date| date.to_string()),
        main_content: MainContent {
            kind: "WebPageElement",
            css_selector: "#main",
        },
        medical_audience: "https://schema.org/Patient",
        name: &front.title,
        publisher: config.owner.as_ref().map(|owner| Organization {
            kind: "Organization",
            name: &owner.name,
            url: owner.url.as_deref(),
        }),
        reviewed_by: people(&front.reviewed_by),
        url: config.published_url().map(|base| absolute(base, url)),
    };
    let json = serde_json::to_string(&page).unwrap_or_default();
    // Few pages have a `<` anywhere: spare them the copy.
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

fn people(names: &[String]) -> Vec<Thing<'_>> {
    names
        .iter()
        .map(|name| Thing {
            kind: "Person",
            name,
        })
        .collect()
}

/// A source as schema.org JSON, for [`json_ld`].
pub fn citation(source: &Source) -> Box<RawValue> {
    // A `Value` always serialises; `null` only keeps this total.
    serde_json::value::to_raw_value(&citation_value(source)).unwrap_or_default()
}

/// A source as schema.org: a `ScholarlyArticle` for research, with its
/// DOI and PMID as identifiers; a `WebPage` or `Book` otherwise.
fn citation_value(source: &Source) -> Value {
    let kind = if source.kind.is_journal_article() {
        "ScholarlyArticle"
    } else if source.kind == crate::model::SourceKind::Book {
        "Book"
    } else {
        "WebPage"
    };
    let mut item = Map::new();
    item.insert("@type".into(), json!(kind));
    item.insert("name".into(), json!(source.title));
    // "et al." is how the list ends, not a person.
    let authors: Vec<Value> = source
        .authors
        .iter()
        .filter(|a| a.as_str() != crate::import::ET_AL)
        .map(|a| json!({"@type": "Person", "name": a}))
        .collect();
    if !authors.is_empty() {
        item.insert("author".into(), json!(authors));
    }
    if let Some(year) = source.year {
        item.insert("datePublished".into(), json!(year.to_string()));
    }
    if let Some(container) = &source.container {
        let periodical = if source.kind.is_journal_article() {
            "Periodical"
        } else {
            "WebSite"
        };
        item.insert(
            "isPartOf".into(),
            json!({"@type": periodical, "name": container}),
        );
    }
    let mut identifiers = Vec::new();
    if let Some(doi) = &source.doi {
        identifiers.push(json!({"@type": "PropertyValue", "propertyID": "DOI", "value": doi}));
        item.insert("sameAs".into(), json!(format!("https://doi.org/{doi}")));
    }
    if let Some(pmid) = &source.pmid {
        identifiers.push(json!({"@type": "PropertyValue", "propertyID": "PMID", "value": pmid}));
    }
    if !identifiers.is_empty() {
        item.insert("identifier".into(), json!(identifiers));
    }
    if let Some(url) = &source.url {
        item.insert("url".into(), json!(url));
    }
    Value::Object(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    #[test]
    fn article_json_ld_has_the_medical_page_fields() {
        let config: SiteConfig = serde_yaml::from_str(
            "title: S\nlanguage: en-GB\nbase_url: https://x.org/health\ncondition: Osteoporosis\nowner: {name: Org}\n",
        )
        .unwrap();
        let front: FrontMatter = serde_yaml::from_str(
            "title: Walk </script>\nreviewed: 2026-02-17\nreviewed_by: [A. Patel]\nauthor: B. Okafor\npublished: 2025-01-10\nupdated: 2026-02-17\naspect: [Prevention]\n",
        )
        .unwrap();
        let source = Source {
            kind: SourceKind::Rct,
            title: "Trial".into(),
            doi: Some("10.1/x".into()),
            pmid: Some("123".into()),
            ..Source::default()
        };
        let citation = citation(&source);
        let page = Page {
            front: &front,
            url: "a/index.html",
            description: "About walking",
            image: Some("https://x.org/health/a/walk.jpg"),
        };
        let text = json_ld(&config, &page, &[&citation]);
        assert!(!text.contains("</script>"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["@type"], "MedicalWebPage");
        assert_eq!(value["url"], "https://x.org/health/a/");
        assert_eq!(value["lastReviewed"], "2026-02-17");
        assert_eq!(value["reviewedBy"][0]["name"], "A. Patel");
        assert_eq!(value["audience"]["audienceType"], "Patient");
        assert_eq!(value["medicalAudience"], "https://schema.org/Patient");
        assert_eq!(value["aspect"][0], "Prevention");
        assert_eq!(value["author"][0]["name"], "B. Okafor");
        assert_eq!(value["datePublished"], "2025-01-10");
        assert_eq!(value["dateModified"], "2026-02-17");
        assert_eq!(value["image"], "https://x.org/health/a/walk.jpg");
        assert_eq!(value["about"]["name"], "Osteoporosis");
        assert_eq!(value["citation"][0]["@type"], "ScholarlyArticle");
        assert_eq!(value["citation"][0]["identifier"][1]["value"], "123");
    }
}
