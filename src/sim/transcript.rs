//! The record of a game: every action, draw and consequence, in order.

use bevy::prelude::Resource;
use serde::Serialize;

/// The turn phase an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Setup,
    Briefing,
    PlayerActions,
    CounterpartActions,
    Stakeholders,
    Exposure,
    Clock,
    Resolution,
}

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    News,
    Event,
    Action,
    Refused,
    Offer,
    Deal,
    Draw,
    Leak,
    Spoiler,
    Escalation,
    Ratification,
    Implementation,
    Outcome,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub turn: u32,
    pub phase: Phase,
    pub kind: EntryKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub text: String,
    /// Seen only by `party` (probe results, briefings, private draws).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// Every entry of the game so far, plus the phase now running.
#[derive(Resource, Debug, Clone, Default)]
pub struct Transcript {
    pub entries: Vec<Entry>,
    pub phase: Option<Phase>,
    pub turn: u32,
}

impl Transcript {
    /// Add an entry stamped with the current turn and phase.
    pub fn log(&mut self, kind: EntryKind, party: Option<&str>, text: impl Into<String>) {
        self.entries.push(Entry {
            turn: self.turn,
            phase: self.phase.unwrap_or(Phase::Setup),
            kind,
            party: party.map(str::to_string),
            text: text.into(),
            private: false,
        });
    }

    /// Add an entry only `party` may see.
    pub fn log_private(&mut self, kind: EntryKind, party: &str, text: impl Into<String>) {
        self.log(kind, Some(party), text);
        if let Some(e) = self.entries.last_mut() {
            e.private = true;
        }
    }

    /// Whether the side `viewer` may read an entry (None sees everything).
    pub fn visible_to(entry: &Entry, viewer: Option<&str>) -> bool {
        !entry.private || viewer.is_none() || entry.party.as_deref() == viewer
    }
}
