//! Unit tests of the corpus generator.
use std::collections::HashSet;

use super::*;

/// Every distinct key after an `@` in `text`.
fn cited_keys(text: &str) -> HashSet<String> {
    text.split('@')
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect()
        })
        .collect()
}

/// The text with every link's `(href)` left out.
fn without_hrefs(text: &str) -> String {
    text.split("](")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                &part[part.find(')').unwrap()..]
            }
        })
        .collect()
}

#[test]
fn distinct_numbers_are_distinct_and_avoid_taken() {
    let mut rng = Rng::new(7);
    let picked = rng.distinct(10, 5..=5, &[0, 1]);
    assert_eq!(picked.len(), 5);
    assert!(picked.iter().all(|n| (2..10).contains(n)));
    let mut sorted = picked.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 5);
    // Asking for more than there is gives what there is.
    assert_eq!(rng.distinct(3, 9..=9, &[1]).len(), 2);
}

#[test]
fn articles_cite_three_to_ten_distinct_sources_and_cover_the_pool() {
    let corpus = Corpus {
        articles: 40,
        seed: 3,
    };
    let pool = corpus.pool_keys();
    let mut cited = HashSet::new();
    for index in 0..corpus.articles {
        let keys = cited_keys(&corpus.article(index, &pool, Flavor::Pamphlet).pamphlet());
        assert!((3..=10).contains(&keys.len()), "{keys:?}");
        cited.extend(keys);
    }
    assert!(pool.iter().all(|key| cited.contains(key)));
}

#[test]
fn bodies_are_about_seven_kilobytes() {
    let corpus = Corpus {
        articles: 50,
        seed: 1,
    };
    let pool = corpus.pool_keys();
    let sizes: Vec<usize> = (0..50)
        .map(|i| corpus.article(i, &pool, Flavor::Pamphlet).body.len())
        .collect();
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!((6_500..=7_500).contains(&mean), "mean body {mean} bytes");
}

#[test]
fn hugo_gets_the_same_body_but_for_links() {
    let corpus = Corpus {
        articles: 5,
        seed: 9,
    };
    let pool = corpus.pool_keys();
    let ours = corpus.article(2, &pool, Flavor::Pamphlet).body;
    let hugo = corpus.article(2, &pool, Flavor::Hugo).body;
    assert_eq!(without_hrefs(&ours), without_hrefs(&hugo));
    assert!(ours.contains(".md") && !hugo.contains(".md"));
}
