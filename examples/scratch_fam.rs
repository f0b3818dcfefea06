use pushpull::score::labeled;
use pushpull::score::model::BuiltinScorer;
use pushpull::score::train::{train, Settings};
use pushpull::score::Scorer;
use std::path::Path;
fn main() -> pushpull::error::Result<()> {
    let corpus = Path::new("../shared/corpus/labeled");
    let mapping = corpus.join("warmth_mapping.json");
    let trained = train(&corpus.join("goemotions"), &mapping, Path::new("models/construct"), Settings::default())?;
    let scorer = BuiltinScorer::from_model(trained.model);
    let file = std::env::var("F").unwrap_or("emotionpush/dev.json".into());
    let data = labeled::load(&corpus.join(file), Some(&mapping))?;
    let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
    for (e, s) in data.examples.iter().zip(scorer.score_batch(&texts)?) {
        let c = s.cues;
        let fam = [("dist", c.distance), ("bound", c.boundary), ("dism", c.dismissal), ("brk", c.breakup), ("host", c.hostility), ("long", c.longing), ("close", c.closeness), ("purs", c.pursuit), ("log", c.logistics)];
        let names: Vec<&str> = fam.iter().filter(|f| f.1 > 0).map(|f| f.0).collect();
        let tag = if c.ack { "ack" } else { "" };
        if !names.is_empty() || c.ack {
            println!("{:+.2}\t{:+.2}\t{}{}\t{}", s.score.warmth, e.gold, names.join(","), tag, e.text.replace('\n', " "));
        }
    }
    Ok(())
}
