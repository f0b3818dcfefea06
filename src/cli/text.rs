//! Where the realistic scenarios' text comes from, for `synth --scenario real_*` and
//! `validate --realistic`: the labelled-corpus folder and which pools fill the warm and cold
//! buckets (`--pools both`, the default, or `--pools emotion`; see docs/validation.md).

use pushpull::synth::pools::{self, PoolLabels};
use pushpull::synth::utterances::Utterances;
use std::path::PathBuf;

/// `--pools`: which labelling decides the warm and cold text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PoolsArg {
    /// Warm = emotion-warm and labelled pull, cold = emotion-cold and labelled push (the
    /// pools file); neutral = emotion-neutral.
    Both,
    /// The emotion mapping alone (the earlier behaviour, for comparison).
    Emotion,
}

#[derive(clap::Args)]
pub struct TextArgs {
    /// Labelled-corpus folder realistic scenarios draw their text from.
    #[arg(long, default_value = "../shared/corpus/labeled")]
    pub corpus: PathBuf,
    /// Which utterances are warm and cold: both = the emotion mapping and the pull/push
    /// labels of the pools file agree; emotion = the emotion mapping alone.
    #[arg(long, value_enum, default_value_t = PoolsArg::Both)]
    pub pools: PoolsArg,
    /// The pools file for --pools both (default: models/construct/pools.tsv here, else the
    /// source tree's).
    #[arg(long)]
    pub pools_file: Option<PathBuf>,
}

impl TextArgs {
    /// The utterances, bucketed as chosen.
    pub fn load(&self) -> anyhow::Result<Utterances> {
        let labels = match self.pools {
            PoolsArg::Emotion => None,
            PoolsArg::Both => {
                let file = self.pools_file.clone().unwrap_or_else(pools::default_file);
                Some(PoolLabels::read(&file)?)
            }
        };
        Ok(Utterances::load(&self.corpus, labels.as_ref())?)
    }

    /// The text source in words, with the bucket sizes, for the validation header.
    pub fn describe(&self, text: &Utterances) -> String {
        let [w, n, c] = text.counts();
        let sizes = format!("{w} warm / {n} neutral / {c} cold utterances");
        let from = self.corpus.display();
        match text.agreement() {
            None => format!("pools emotion: {sizes} from {from} by the emotion mapping"),
            Some(a) => format!(
                "pools both: {sizes} from {from}; warm = emotion-warm and pull ({} of {} \
                 labelled), cold = emotion-cold and push ({} of {} labelled) in {}, neutral = \
                 emotion-neutral",
                a.warm.1,
                a.warm.0,
                a.cold.1,
                a.cold.0,
                a.file.display()
            ),
        }
    }
}
