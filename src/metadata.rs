//! Metadata for search engines and sharing: schema.org JSON-LD of type
//! `MedicalWebPage` for each article, with its review and its citations.

use serde_json::{json, Map, Value};

use crate::config::SiteConfig;
use crate::model::{FrontMatter, Source};

/// The JSON-LD of an article, ready to print inside
/// `<script type="application/ld+json">`: `<` is escaped so that no text
/// can close the element.
pub fn json_ld(
    config: &SiteConfig,
    front: &FrontMatter,
    url: &str,
    description: &str,
    sources: &[&Source],
) -> String {
    let mut page = Map::new();
    page.insert("@context".into(), json!("https://schema.org"));
    page.insert("@type".into(), json!("MedicalWebPage"));
    page.insert("name".into(), json!(front.title));
    if !description.is_empty() {
        page.insert("description".into(), json!(description));
    }
    page.insert("inLanguage".into(), json!(config.language));
    if let Some(base) = config.published_url() {
        page.insert("url".into(), json!(absolute(base, url)));
    }
    if let Some(date) = front.reviewed {
        page.insert("lastReviewed".into(), json!(date.to_string()));
    }
    let reviewers: Vec<Value> = front
        .reviewed_by
        .iter()
        .map(|name| json!({"@type": "Person", "name": name}))
        .collect();
    if !reviewers.is_empty() {
        page.insert("reviewedBy".into(), json!(reviewers));
    }
    page.insert(
        "audience".into(),
        json!({"@type": "MedicalAudience", "audienceType": "Patient"}),
    );
    if let Some(condition) = &config.condition {
        page.insert(
            "about".into(),
            json!({"@type": "MedicalCondition", "name": condition}),
        );
    }
    page.insert(
        "mainContentOfPage".into(),
        json!({"@type": "WebPageElement", "cssSelector": "#main"}),
    );
    if let Some(owner) = &config.owner {
        page.insert(
            "publisher".into(),
            json!({"@type": "Organization", "name": owner.name, "url": owner.url}),
        );
    }
    if !sources.is_empty() {
        page.insert(
            "citation".into(),
            Value::Array(sources.iter().map(|s| citation(s)).collect()),
        );
    }
    Value::Object(page).to_string().replace('<', "\\u003c")
}

/// A source as schema.org: a `ScholarlyArticle` for research, with its
/// DOI and PMID as identifiers; a `WebPage` or `Book` otherwise.
fn citation(source: &Source) -> Value {
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
    let authors: Vec<Value> = source
        .authors
        .iter()
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

/// The absolute URL of a page below `base`: `https://x.org/health/a/`.
pub fn absolute(base: &str, url: &str) -> String {
    let base = base.trim_end_matches('/');
    format!("{base}/{}", url.strip_suffix("index.html").unwrap_or(url))
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
        let text = json_ld(&config, &front, "a/index.html", "About walking", &[&source]);
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
}
