//! The weighted PELT, with all weights 1, gives the breakpoints ruptures
//! `Pelt(model="l2", min_size=3, jump=1)` gives (reference made by
//! scripts/make-pelt-reference.py, stored in tests/data/pelt_reference.json).

use pushpull::dynamics::pelt::{pelt, WeightedL2};

#[test]
fn pelt_matches_ruptures_reference() {
    let text = std::fs::read_to_string("tests/data/pelt_reference.json").expect("reference file");
    let data: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = data["cases"].as_array().expect("cases");
    assert!(cases.len() >= 8);
    for (k, case) in cases.iter().enumerate() {
        let signal: Vec<Vec<f64>> = case["signal"]
            .as_array()
            .expect("signal")
            .iter()
            .map(|ch| {
                ch.as_array()
                    .expect("channel")
                    .iter()
                    .map(|v| v.as_f64().expect("number"))
                    .collect()
            })
            .collect();
        let weights: Vec<Vec<f64>> = signal.iter().map(|ch| vec![1.0; ch.len()]).collect();
        let penalty = case["penalty"].as_f64().expect("penalty");
        let expected: Vec<usize> = case["breakpoints"]
            .as_array()
            .expect("breakpoints")
            .iter()
            .map(|v| v.as_u64().expect("integer") as usize)
            .collect();
        let got = pelt(&WeightedL2::new(&signal, &weights), penalty, 3);
        assert_eq!(got, expected, "case {k}");
    }
}
