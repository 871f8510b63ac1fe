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
    audience: Audience,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    citation: &'p [&'p RawValue],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'p str,
    #[serde(rename = "inLanguage")]
    in_language: &'p str,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "mainContentOfPage")]
    main_content: MainContent,
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

/// The JSON-LD of an article, ready to print inside
/// `<script type="application/ld+json">`: `<` is escaped so that no text
/// can close the element. `citations` are the page's sources as
/// [`citation`] wrote them.
pub fn json_ld(
    config: &SiteConfig,
    front: &FrontMatter,
    url: &str,
    description: &str,
    citations: &[&RawValue],
) -> String {
    let page = MedicalWebPage {
        context: "https://schema.org",
        kind: "MedicalWebPage",
        about: config.condition.as_deref().map(|name| Thing {
            kind: "MedicalCondition",
            name,
        }),
        audience: Audience {
            kind: "MedicalAudience",
            audience_type: "Patient",
        },
        citation: citations,
        description,
        in_language: &config.language,
        last_reviewed: front.reviewed.map(|date| date.to_string()),
        main_content: MainContent {
            kind: "WebPageElement",
            css_selector: "#main",
        },
        name: &front.title,
        publisher: config.owner.as_ref().map(|owner| Organization {
            kind: "Organization",
            name: &owner.name,
            url: owner.url.as_deref(),
        }),
        reviewed_by: front
            .reviewed_by
            .iter()
            .map(|name| Thing {
                kind: "Person",
                name,
            })
            .collect(),
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
        item.insert("sameAs".into(), json!(crate::reference::doi_url(doi)));
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
            "title: Walk </script>\nreviewed: 2026-02-17\nreviewed_by: [A. Patel]\n",
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
        let text = json_ld(
            &config,
            &front,
            "a/index.html",
            "About walking",
            &[&citation],
        );
        assert!(!text.contains("</script>"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["@type"], "MedicalWebPage");
        assert_eq!(value["url"], "https://x.org/health/a/");
        assert_eq!(value["lastReviewed"], "2026-02-17");
        assert_eq!(value["reviewedBy"][0]["name"], "A. Patel");
        assert_eq!(value["audience"]["audienceType"], "Patient");
        assert_eq!(value["about"]["name"], "Osteoporosis");
        assert_eq!(value["citation"][0]["@type"], "ScholarlyArticle");
        assert_eq!(value["citation"][0]["identifier"][1]["value"], "123");
    }

    #[test]
    fn et_al_is_not_an_author_and_dois_are_encoded() {
        let source = Source {
            kind: SourceKind::Rct,
            title: "Trial".into(),
            authors: vec!["Howe TE".into(), "et al.".into()],
            doi: Some("10.1/a<b>".into()),
            ..Source::default()
        };
        let value = citation_value(&source);
        assert_eq!(value["author"].as_array().map(Vec::len), Some(1));
        assert_eq!(value["sameAs"], "https://doi.org/10.1/a%3Cb%3E");
    }
}
