//! How a game ended and each party's score.

use bevy::prelude::Resource;
use serde::Serialize;

use super::components::Clause;

/// The kinds of ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Agreement,
    NoAgreement,
    War,
    EndlessGame,
}

/// How a signed deal fared in the implementation epilogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    Durable,
    Weakened,
    Collapsed,
}

/// One party's score, part by part, so the debrief can explain it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Score {
    pub party: String,
    /// Value of the deal (or of walking away), after implementation.
    pub deal: f64,
    pub delay_cost: f64,
    pub escalation_cost: f64,
    pub war: f64,
    /// Change in credibility over the game, weighted.
    pub credibility: f64,
    /// Change in domestic support over the game, weighted.
    pub support: f64,
    /// Share of the party's stakeholders that knew what was agreed, weighted.
    pub accountability: f64,
    pub total: f64,
}

/// The result of a finished game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub turn: u32,
    pub ratified: bool,
    /// Per party, whether its home front ratified (empty without a signed deal).
    pub ratified_by: Vec<bool>,
    pub implementation: Option<Implementation>,
    /// A secret clause of the deal came out before the game ended.
    pub secret_exposed: bool,
    /// A secret clause came out during the implementation epilogue.
    pub secret_exposed_later: bool,
    /// The clauses of the deal (empty without one).
    pub deal: Vec<Clause>,
    pub scores: Vec<Score>,
}

impl Outcome {
    /// An outcome with no deal (war, deadline); scores are filled at resolution.
    pub fn without_deal(kind: OutcomeKind, turn: u32) -> Self {
        Outcome {
            kind,
            turn,
            ratified: false,
            ratified_by: Vec::new(),
            implementation: None,
            secret_exposed: false,
            secret_exposed_later: false,
            deal: Vec::new(),
            scores: Vec::new(),
        }
    }
}

/// The outcome, once the game has ended.
#[derive(Resource, Debug, Clone, Default)]
pub struct OutcomeRes(pub Option<Outcome>);
