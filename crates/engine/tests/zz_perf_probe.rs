use faultline_engine::identity::{hamming, simhash};
#[test]
fn probe() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let mut texts: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    texts.sort();
    let hs: Vec<u64> = texts.iter().map(|t| simhash(t)).collect();
    for i in 0..hs.len() { for j in i+1..hs.len() { println!("seed {i} vs {j}: {}", hamming(hs[i], hs[j])); } }
    for (i, t) in texts.iter().enumerate() {
        let header = format!("BAMAKO (AFP) — Published by Sahel Wire Service\n{t}");
        let footer = format!("{t}\nAll rights reserved. Reproduction prohibited without the written consent of the agency. Follow us on social networks.");
        let sents: Vec<&str> = t.split_inclusive(". ").collect();
        let dropped: String = sents.iter().enumerate().filter(|(k,_)| *k != sents.len()/2).map(|(_,s)| *s).collect();
        let added = format!("{}The ministry declined to comment on the report when contacted on Monday. {}", sents[..sents.len()/3].concat(), sents[sents.len()/3..].concat());
        println!("seed {i} ({} sents): header {} footer {} dropped {} added {} all {}", sents.len(), hamming(hs[i], simhash(&header)), hamming(hs[i], simhash(&footer)), hamming(hs[i], simhash(&dropped)), hamming(hs[i], simhash(&added)),
          hamming(hs[i], simhash(&format!("HEADER LINE HERE now\n{dropped}\nfooter text goes here ok"))));
    }
}
