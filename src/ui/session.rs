//! What the desktop app knows besides the simulation: the scenario catalogue, the
//! choices on the setup screen, and the game in progress with what the player is
//! looking at.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::settings::Folders;
use crate::ai::Policy;
use crate::bundled;
use crate::game::Controller;
use crate::game::Game;
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, ActionKind, ClauseDef};
use crate::sim::actions::grammar::{self, Args, Param, ParamKind};
use crate::sim::components::{Channel, ChannelStatus, Roster};

/// Every scenario the picker offers: bundled ones and `.ron` files in the user folder.
#[derive(Resource, Debug, Default)]
pub struct Catalog {
    pub entries: Vec<(Arc<Scenario>, Option<PathBuf>)>,
    /// User files that failed to load, with their diagnostics (shown on the picker).
    pub problems: Vec<String>,
}

impl Catalog {
    pub fn load(folders: &Folders) -> Self {
        let mut c = Catalog::default();
        for s in bundled::all() {
            match s {
                Ok(s) => c.entries.push((Arc::new(s), None)),
                Err(e) => c.problems.push(e.to_string()),
            }
        }
        let (mine, problems) = crate::folders::user_scenarios(folders);
        c.entries
            .extend(mine.into_iter().map(|(s, path)| (s, Some(path))));
        c.problems.extend(problems);
        c
    }
}

/// Who plays the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Opponent {
    /// The computer; easy only answers offers, normal plays the adaptive policy.
    #[default]
    ComputerNormal,
    ComputerEasy,
    /// A second player on this machine (hot-seat).
    SecondPlayer,
    /// Another built-in computer policy (set by a class code).
    Computer(Policy),
}

impl SetupChoice {
    /// Who plays each party with these choices, in scenario order, then the mediator
    /// when the player takes its seat (`side` one past the parties).
    pub fn controllers(&self, scenario: &Scenario) -> Vec<Controller> {
        let n = scenario.parties.len();
        if self.side >= n {
            // The player mediates; the opponent setting plays both sides.
            let mut all = vec![self.opponent_controller(); n];
            all.push(Controller::Human);
            return all;
        }
        let other = scenario.other_party(self.side);
        let mut controllers = vec![Controller::Human; scenario.parties.len()];
        controllers[other] = self.opponent_controller();
        controllers
    }

    fn opponent_controller(&self) -> Controller {
        match self.opponent {
            Opponent::ComputerNormal => Controller::Ai(Policy::Adaptive),
            Opponent::ComputerEasy => Controller::Ai(Policy::Passive),
            Opponent::SecondPlayer => Controller::Human,
            Opponent::Computer(p) => Controller::Ai(p),
        }
    }

    /// Take a class code: its scenario, seed and players. Returns what to tell the player.
    pub fn take_class_code(&mut self, text: &str, catalog: &Catalog) -> Result<String, String> {
        let (code, scen) =
            crate::class::ClassCode::find(text, catalog.entries.iter().map(|(s, _)| s))?;
        let humans = code.humans();
        let n = scen.parties.len();
        let Some(&side) = humans.first().or(code.mediator.then_some(&n)) else {
            return Err(format!(
                "class code {code} has no seat for a person (every side is the computer)"
            ));
        };
        // Whoever the player does not play: the other side, or (mediating) both.
        let other = if side < n { scen.other_party(side) } else { 0 };
        self.scenario = catalog
            .entries
            .iter()
            .position(|(s, _)| s.id == scen.id)
            .unwrap_or(0);
        self.side = side;
        self.seed = code.seed;
        self.opponent = match code.controllers[other] {
            Controller::Human => Opponent::SecondPlayer,
            Controller::Ai(Policy::Adaptive) => Opponent::ComputerNormal,
            Controller::Ai(Policy::Passive) => Opponent::ComputerEasy,
            Controller::Ai(p) => Opponent::Computer(p),
            Controller::Script => Opponent::ComputerNormal,
        };
        Ok(format!("Class code {code}: {}.", code.describe(&scen)))
    }
}

/// The choices made on the picker and setup screens.
#[derive(Resource, Debug, Clone)]
pub struct SetupChoice {
    pub scenario: usize,
    pub side: usize,
    pub opponent: Opponent,
    pub seed: u64,
    /// A seed code being typed (the class's code), while the player types it.
    pub typing: Option<String>,
}

impl Default for SetupChoice {
    fn default() -> Self {
        Self {
            scenario: 0,
            side: 0,
            opponent: Opponent::ComputerNormal,
            seed: 1962,
            typing: None,
        }
    }
}

/// A seed as a short code a class can share (see [`crate::seed`]).
pub fn seed_code(seed: u64) -> String {
    crate::seed::code(seed)
}

/// An action being put together one choice at a time.
#[derive(Debug, Clone)]
pub struct Draft {
    pub kind: ActionKind,
    pub picks: Vec<String>,
}

/// The package being edited: an option per issue and whether each clause is secret.
#[derive(Debug, Clone, Default)]
pub struct Editor {
    pub options: Vec<usize>,
    pub secret: Vec<bool>,
    pub cursor: usize,
}

/// The game in progress and what the player is looking at.
#[derive(Resource)]
pub struct Session {
    pub game: Game,
    pub source: Option<PathBuf>,
    /// Parties played by people here, in the order they take their turns.
    pub humans: Vec<usize>,
    /// Index into `humans` of the player whose turn it is.
    pub current: usize,
    pub selected_channel: Option<usize>,
    pub draft: Option<Draft>,
    pub editor: Editor,
    /// Which tab of the debrief is shown.
    pub debrief_tab: usize,
    /// Whether each player here (by position in `humans`) has read their briefing.
    pub briefed: Vec<bool>,
    /// The player asked to leave: the table asks whether to go (the game is saved).
    pub leaving: bool,
    /// In the mediator's seat: what the proposal being drafted pays each party.
    pub payments: Vec<f64>,
    /// The problems of a broken edit of the scenario being played (live reload), one
    /// `file:line:col: message` each; empty while the file is good.
    pub reload_problems: Vec<String>,
}

impl Session {
    /// Start a new game from the setup choices.
    pub fn start(catalog: &Catalog, choice: &SetupChoice) -> Option<Self> {
        let (scenario, source) = catalog.entries.get(choice.scenario)?.clone();
        let controllers = choice.controllers(&scenario);
        let game = Game::new(scenario, choice.seed, &controllers);
        Some(Self::around(game, source))
    }

    /// Wrap a game (new or restored from a save).
    pub fn around(game: Game, source: Option<PathBuf>) -> Self {
        let mut humans = crate::game::humans(game.controllers());
        let parties = game.scenario().parties.len();
        if game.mediator() == Controller::Human {
            // The mediator's seat takes its turn after the sides'.
            humans.push(parties);
        }
        let issues = game.scenario().issues.len();
        let mut s = Self {
            game,
            source,
            humans: if humans.is_empty() { vec![0] } else { humans },
            current: 0,
            selected_channel: None,
            draft: None,
            editor: Editor {
                options: vec![0; issues],
                secret: vec![false; issues],
                cursor: 0,
            },
            debrief_tab: 0,
            briefed: Vec::new(),
            leaving: false,
            payments: vec![0.0; parties],
            reload_problems: Vec::new(),
        };
        s.briefed = vec![false; s.humans.len()];
        s.reset_editor();
        s
    }

    /// The party whose view is on screen.
    pub fn side(&self) -> usize {
        self.humans[self.current.min(self.humans.len() - 1)]
    }

    /// Whether the seat on screen is the mediator's.
    pub fn is_mediator(&self) -> bool {
        self.side() >= self.game.scenario().parties.len()
    }

    /// Who sits in the seat on screen, by name.
    pub fn seat_name(&self) -> String {
        let sc = self.game.scenario();
        match sc.parties.get(self.side()) {
            Some(p) => p.name.clone(),
            None => format!("{} (the mediator)", crate::narrate::mediator_name(sc)),
        }
    }

    /// The party whose view reports and debriefs take (none for the mediator's seat).
    pub fn report_side(&self) -> Option<usize> {
        (!self.is_mediator()).then(|| self.side())
    }

    /// The mediator's draft as a proposal: the package editor's clauses (never secret)
    /// and the payments set.
    pub fn proposal(&self) -> crate::sim::actions::mediation::ProposalDef {
        let sc = self.game.scenario();
        crate::sim::actions::mediation::ProposalDef {
            clauses: self
                .package()
                .into_iter()
                .map(|c| ClauseDef { secret: false, ..c })
                .collect(),
            payments: sc
                .parties
                .iter()
                .zip(&self.payments)
                .filter(|(_, x)| **x > 0.0)
                .map(|(p, x)| (p.id.clone(), *x))
                .collect(),
        }
    }

    pub fn hot_seat(&self) -> bool {
        self.humans.len() > 1
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        self.game.scenario()
    }

    /// Start the package editor from the side's public position.
    pub fn reset_editor(&mut self) {
        let s = self.game.scenario().clone();
        let side = self.side();
        if self.is_mediator() {
            // The mediator starts from the option the side that likes it less reads best
            // (from its own view of the sides), and pays nothing.
            use crate::sim::view::Reading;
            let readings = self.game.mediator_view().readings;
            let rank = |r: &Reading| match r {
                Reading::Welcome => 2,
                Reading::CouldLiveWith => 1,
                Reading::Resist => 0,
            };
            for (i, options) in readings.iter().enumerate() {
                let worst = |o: usize| options[o].iter().map(rank).min().unwrap_or(0);
                self.editor.options[i] = (0..options.len())
                    .rev()
                    .max_by_key(|&o| worst(o))
                    .unwrap_or(0);
                self.editor.secret[i] = false;
            }
            self.editor.cursor = 0;
            self.payments.iter_mut().for_each(|x| *x = 0.0);
            return;
        }
        for (i, issue) in s.issues.iter().enumerate() {
            let best = (0..issue.options.len())
                .max_by(|&a, &b| {
                    issue.options[a].utility[side].total_cmp(&issue.options[b].utility[side])
                })
                .unwrap_or(0);
            self.editor.options[i] = s.parties[side]
                .position
                .get(i)
                .copied()
                .flatten()
                .unwrap_or(best);
            self.editor.secret[i] = false;
        }
        self.editor.cursor = 0;
    }

    /// Live channels the side sits on, in order (their position is their number key).
    pub fn my_channels(&self) -> Vec<Channel> {
        let w = self.game.world();
        let side = self.side();
        w.resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| w.get::<Channel>(e).cloned())
            .filter(|c| c.side_of(side).is_some() && c.status != ChannelStatus::Closed)
            .collect()
    }

    fn selected_channel_id(&self) -> Option<String> {
        let chans = self.my_channels();
        self.selected_channel
            .and_then(|i| chans.iter().find(|c| c.index == i))
            .filter(|c| c.is_live())
            .map(|c| c.id.clone())
    }

    /// The package editor as clauses.
    pub fn package(&self) -> Vec<ClauseDef> {
        let s = self.game.scenario();
        s.issues
            .iter()
            .enumerate()
            .map(|(i, issue)| ClauseDef {
                issue: issue.id.clone(),
                option: issue.options[self.editor.options[i]].id.clone(),
                secret: self.editor.secret[i],
            })
            .collect()
    }

    /// The parameters the desktop asks for, in order: every parameter of the action's
    /// declaration except the ones it fills itself (new channel names, the package).
    fn asked(kind: ActionKind) -> Vec<&'static Param> {
        grammar::spec(kind)
            .params
            .iter()
            .filter(|p| !matches!(p.kind, ParamKind::NewChannel | ParamKind::Clauses))
            .collect()
    }

    /// What the draft still needs: a prompt and the choices (label, value).
    pub fn draft_choices(&self) -> Option<(String, Vec<(String, String)>)> {
        let d = self.draft.as_ref()?;
        let param = *Self::asked(d.kind).get(d.picks.len())?;
        // The side's channels, and whether each is live (dormant ones can be revived).
        let channels: Vec<(String, bool)> = self
            .my_channels()
            .into_iter()
            .filter(|c| c.is_live() || c.status == ChannelStatus::Dormant)
            .map(|c| (c.id.clone(), c.is_live()))
            .collect();
        let earlier: Vec<Option<String>> = d.picks.iter().cloned().map(Some).collect();
        let choices = grammar::choices(
            self.game.scenario(),
            self.side(),
            param,
            &channels,
            &earlier,
        );
        Some((param.prompt.to_string(), choices))
    }

    /// The action a finished draft describes, or None if it needs more picks.
    pub fn draft_action(&self) -> Option<ActionDef> {
        let d = self.draft.as_ref()?;
        let spec = grammar::spec(d.kind);
        if d.picks.len() < Self::asked(d.kind).len() {
            return None;
        }
        let mut picks = d.picks.iter();
        let mut args = Args::default();
        for p in spec.params {
            let word = match p.kind {
                ParamKind::Clauses => {
                    args.clauses = self.package();
                    None
                }
                // Filled in below, once the other picks are known.
                ParamKind::NewChannel => None,
                _ => picks.next().cloned(),
            };
            args.words.push(word);
        }
        let taken = self.all_channel_ids();
        let w = |i: usize| args.words[i].clone().unwrap_or_default();
        match d.kind {
            ActionKind::OpenChannel => {
                let base = format!("{}_{}", w(1), w(2));
                let mut id = base.clone();
                let mut k = 2;
                while taken.contains(&id) {
                    id = format!("{base}_{k}");
                    k += 1;
                }
                args.words[0] = Some(id);
            }
            ActionKind::MoveVenue => {
                let mut id = format!("{}_at_{}", w(0), w(1));
                while taken.contains(&id) {
                    id.push('_');
                }
                args.words[2] = Some(id);
            }
            _ => {}
        }
        grammar::build(spec, &args).ok()
    }

    fn all_channel_ids(&self) -> Vec<String> {
        let w = self.game.world();
        w.resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| w.get::<Channel>(e).map(|c| c.id.clone()))
            .collect()
    }

    /// Begin an action: actions without arguments (or with the selected channel as
    /// their only argument) are ready at once.
    pub fn begin(&mut self, kind: ActionKind) {
        let mut d = Draft {
            kind,
            picks: Vec::new(),
        };
        let channel_first = Self::asked(kind)
            .first()
            .is_some_and(|p| p.kind == ParamKind::Channel);
        if channel_first && let Some(id) = self.selected_channel_id() {
            d.picks.push(id);
        }
        self.draft = Some(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema::Medium;
    use crate::sim::events::EventKind;
    use crate::sim::view::SideView;

    fn hot_seat() -> Session {
        let scen = bundled::resolve("cuba_1962").unwrap();
        Session::around(
            Game::new(scen, 5, &[Controller::Human, Controller::Human]),
            None,
        )
    }

    #[test]
    fn an_open_channel_draft_asks_four_questions_then_acts() {
        let mut s = hot_seat();
        s.begin(ActionKind::OpenChannel);
        for pick in ["rfk", "dobrynin", "-", "phone"] {
            assert!(s.draft_action().is_none(), "asked too few questions");
            assert!(!s.draft_choices().unwrap().1.is_empty());
            s.draft.as_mut().unwrap().picks.push(pick.into());
        }
        let action = s.draft_action().unwrap();
        assert_eq!(
            action,
            ActionDef::OpenChannel {
                id: "rfk_dobrynin".into(),
                from: "rfk".into(),
                to: "dobrynin".into(),
                via: None,
                medium: Medium::Phone
            }
        );
        s.game.act(0, action).unwrap();
        // A second channel between the same people gets a fresh id.
        s.draft = Some(Draft {
            kind: ActionKind::OpenChannel,
            picks: vec!["rfk".into(), "dobrynin".into(), "-".into(), "face".into()],
        });
        assert!(
            matches!(s.draft_action(), Some(ActionDef::OpenChannel { id, .. }) if id == "rfk_dobrynin_2")
        );
    }

    #[test]
    fn channel_actions_use_the_selected_channel() {
        let mut s = hot_seat();
        let un = s
            .my_channels()
            .into_iter()
            .find(|c| c.id == "un_official")
            .unwrap();
        s.selected_channel = Some(un.index);
        s.begin(ActionKind::Message);
        assert_eq!(
            s.draft_action(),
            Some(ActionDef::Message {
                channel: "un_official".into()
            })
        );
        s.begin(ActionKind::Offer);
        assert!(
            matches!(s.draft_action(), Some(ActionDef::Offer { channel, clauses }) if channel == "un_official" && clauses.len() == 4)
        );
    }

    #[test]
    fn hot_seat_hides_each_sides_private_moves_from_the_other() {
        let mut s = hot_seat();
        s.game
            .act(
                0,
                ActionDef::OpenChannel {
                    id: "b".into(),
                    from: "rfk".into(),
                    to: "dobrynin".into(),
                    via: None,
                    medium: Medium::FaceToFace,
                },
            )
            .unwrap();
        s.game
            .act(
                0,
                ActionDef::Brief {
                    stakeholder: "congress".into(),
                    channel: "b".into(),
                },
            )
            .unwrap();
        let saw = |v: &SideView, f: fn(&EventKind) -> bool| v.events.iter().any(|e| f(&e.kind));
        let (usa, ussr) = (s.game.view(0), s.game.view(1));
        let briefed = |k: &EventKind| matches!(k, EventKind::Briefed { .. });
        let opened = |k: &EventKind| matches!(k, EventKind::ChannelOpened { .. });
        assert!(saw(&usa, briefed));
        assert!(
            !saw(&ussr, briefed),
            "the Soviet player must not see an American briefing"
        );
        assert!(
            saw(&ussr, opened),
            "the other end of a channel knows it exists"
        );
        assert!(s.hot_seat());
        assert_eq!(s.side(), 0);
        s.current = 1;
        assert_eq!(s.side(), 1);
    }

    #[test]
    fn settings_are_clamped_and_round_trip() {
        use super::super::settings::Settings;
        let dir = std::env::temp_dir().join(format!("bc-settings-{}", std::process::id()));
        let path = dir.join("settings.json");
        let s = Settings {
            text_scale: 9.0,
            colour_blind: true,
            fullscreen: false,
        }
        .clamped();
        assert_eq!(s.text_scale, 2.0);
        s.store(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        std::fs::write(&path, b"{ broken").unwrap();
        assert_eq!(
            Settings::load(&path),
            Settings::default(),
            "a broken file falls back to defaults"
        );
    }
}
