//! One class on the server: its code, its tables, who sits where, and what the
//! instructor decided (paused, ended, revealed). No networking here: the web layer
//! calls these methods, and tests call them directly.
//!
//! Durable: the room's settings and each table's seed, seats and steps are written to
//! the class folder atomically after every change, and [`Room::open`] rebuilds every
//! game from them by replay, so a server restarted mid-class loses nothing.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use serde::{Deserialize, Serialize};

use crate::class::ClassCode;
use crate::game::{Controller, Game, Step};
use crate::results::{GameResult, clean_name};
use crate::scenario::Scenario;
use crate::sim::actions::grammar;

/// Version of the class folder's files.
pub const ROOM_VERSION: u32 = 1;
/// Most tables in one room.
pub const MAX_TABLES: usize = 500;
/// Longest command line read from a student.
pub const MAX_COMMAND: usize = 300;

/// A person's seat: an unguessable token and the name they gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub token: String,
    pub name: String,
}

/// A table as written to disk: enough to rebuild its game exactly.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TableFile {
    format_version: u32,
    name: String,
    seats: Vec<Option<Seat>>,
    done: Vec<bool>,
    steps: Vec<Step>,
    /// The result file written when the game ended, so a restart does not write it again.
    #[serde(default)]
    result: Option<PathBuf>,
}

/// The room's settings as written to disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RoomFile {
    format_version: u32,
    code: String,
    secret: String,
    paused: bool,
    ended: bool,
    revealed: bool,
}

/// One table: a game and the people at it.
pub struct Table {
    pub index: usize,
    pub name: String,
    pub game: Game,
    /// Per seat (each party, then the mediator when a person plays it): the person
    /// seated there (people's seats only).
    pub seats: Vec<Option<Seat>>,
    /// Per seat: has ended this turn.
    pub done: Vec<bool>,
    /// The result file written when the game ended, if any.
    pub result: Option<PathBuf>,
}

impl Table {
    /// Whether every person's seat at the table is taken.
    pub fn full(&self) -> bool {
        self.game
            .seats()
            .iter()
            .zip(&self.seats)
            .all(|(c, s)| *c != Controller::Human || s.is_some())
    }

    /// Whether seat `seat` is the mediator's (it follows the parties').
    pub fn is_mediator(&self, seat: usize) -> bool {
        seat == self.game.scenario().parties.len()
    }

    fn names(&self) -> Vec<Option<String>> {
        self.seats
            .iter()
            .map(|s| s.as_ref().map(|s| s.name.clone()))
            .collect()
    }
}

/// What happened to a student's command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub ok: bool,
    pub text: String,
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("that seat's token is not valid")]
    BadToken,
    #[error("{0}")]
    Join(String),
    #[error("{0}")]
    Io(String),
}

/// The instructor's switches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Switches {
    pub paused: bool,
    pub ended: bool,
    pub revealed: bool,
}

/// A class in progress.
pub struct Room {
    pub code: ClassCode,
    pub scenario: Arc<Scenario>,
    pub secret: String,
    dir: PathBuf,
    switches: Mutex<Switches>,
    tables: RwLock<Vec<Arc<Mutex<Table>>>>,
    /// Serialises joins, so two students never take the same seat.
    joining: Mutex<()>,
}

/// A new unguessable token (128 bits from the operating system, in hex).
pub fn token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compare two tokens (or keys) in time independent of where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while a table was locked leaves the game as it was; keep serving it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Room {
    /// Open the class in `dir`: resume it if the folder holds one (the same code), or
    /// start it afresh.
    pub fn open(code: ClassCode, scenario: Arc<Scenario>, dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir.join("tables"))
            .map_err(|e| format!("{}: cannot create the class folder: {e}", dir.display()))?;
        let room_file = dir.join("room.json");
        let mut room = Room {
            secret: token(),
            code,
            scenario,
            dir: dir.to_path_buf(),
            switches: Mutex::new(Switches::default()),
            tables: RwLock::new(Vec::new()),
            joining: Mutex::new(()),
        };
        if room_file.exists() {
            let text = std::fs::read_to_string(&room_file)
                .map_err(|e| format!("{}: {e}", room_file.display()))?;
            let saved: RoomFile = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a class file: {e}", room_file.display()))?;
            if saved.format_version != ROOM_VERSION {
                return Err(format!(
                    "{}: class format {} (this server reads {ROOM_VERSION})",
                    room_file.display(),
                    saved.format_version
                ));
            }
            if saved.code != room.code.to_string() {
                return Err(format!(
                    "{} holds the class {}, not {}; use another folder or that code",
                    dir.display(),
                    saved.code,
                    room.code
                ));
            }
            room.secret = saved.secret;
            *lock(&room.switches) = Switches {
                paused: saved.paused,
                ended: saved.ended,
                revealed: saved.revealed,
            };
            room.load_tables()?;
        }
        room.save_room()?;
        Ok(room)
    }

    fn load_tables(&mut self) -> Result<(), String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.join("tables"))
            .map_err(|e| e.to_string())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let mut tables = Vec::new();
        for (i, f) in files.iter().enumerate().take(MAX_TABLES) {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            let t: TableFile = serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a table file: {e}", f.display()))?;
            if t.format_version != ROOM_VERSION {
                return Err(format!(
                    "{}: table format {} (this server reads {ROOM_VERSION})",
                    f.display(),
                    t.format_version
                ));
            }
            let seats = self.code.seats().len();
            if t.seats.len() != seats || t.done.len() != seats {
                return Err(format!(
                    "{}: the table has {} seat(s); this class has {seats}",
                    f.display(),
                    t.seats.len()
                ));
            }
            let game = Game::replay(
                self.scenario.clone(),
                self.code.seed,
                &self.code.seats(),
                &t.steps,
            );
            tables.push(Arc::new(Mutex::new(Table {
                index: i,
                name: t.name,
                game,
                seats: t.seats,
                done: t.done,
                result: t.result,
            })));
        }
        *self.tables.write().unwrap_or_else(|e| e.into_inner()) = tables;
        Ok(())
    }

    fn save_room(&self) -> Result<(), String> {
        let s = *lock(&self.switches);
        let file = RoomFile {
            format_version: ROOM_VERSION,
            code: self.code.to_string(),
            secret: self.secret.clone(),
            paused: s.paused,
            ended: s.ended,
            revealed: s.revealed,
        };
        let json = serde_json::to_vec_pretty(&file).map_err(|e| e.to_string())?;
        crate::files::write_atomic(&self.dir.join("room.json"), &json)
            .map_err(|e| format!("cannot write the class file: {e}"))
    }

    fn save_table(&self, t: &Table) -> Result<(), String> {
        let file = TableFile {
            format_version: ROOM_VERSION,
            name: t.name.clone(),
            seats: t.seats.clone(),
            done: t.done.clone(),
            steps: t.game.steps().to_vec(),
            result: t.result.clone(),
        };
        let json = serde_json::to_vec(&file).map_err(|e| e.to_string())?;
        let path = self
            .dir
            .join("tables")
            .join(format!("table_{:03}.json", t.index + 1));
        crate::files::write_atomic(&path, &json)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Where finished games' result files go.
    pub fn results_dir(&self) -> PathBuf {
        self.dir.join("results")
    }

    pub fn switches(&self) -> Switches {
        *lock(&self.switches)
    }

    /// Every table, in order.
    pub fn tables(&self) -> Vec<Arc<Mutex<Table>>> {
        self.tables
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn table(&self, index: usize) -> Option<Arc<Mutex<Table>>> {
        self.tables
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(index)
            .cloned()
    }

    /// Seat a student: the first free person's seat, at a new table if every table is
    /// full. Returns (table, seat, token); the seat after the parties' is the
    /// mediator's.
    pub fn join(&self, code: &str, name: &str) -> Result<(usize, usize, String), Refused> {
        if !self.code.matches(code) {
            return Err(Refused::Join(
                "that is not this class's code; check it with your instructor".into(),
            ));
        }
        let name = clean_name(name).map_err(Refused::Join)?;
        if self.switches().ended {
            return Err(Refused::Join("the class has ended".into()));
        }
        let people: Vec<usize> = (0..self.code.seats().len())
            .filter(|&p| self.code.seats()[p] == Controller::Human)
            .collect();
        if people.is_empty() {
            return Err(Refused::Join(
                "this class's code seats no students (every side is the computer)".into(),
            ));
        }
        let _one_at_a_time = lock(&self.joining);
        for t in self.tables() {
            let mut t = lock(&t);
            if t.game.is_finished() {
                continue;
            }
            let free = people.iter().copied().find(|&p| t.seats[p].is_none());
            if let Some(p) = free {
                let tok = token();
                t.seats[p] = Some(Seat {
                    token: tok.clone(),
                    name,
                });
                self.save_table(&t).map_err(Refused::Io)?;
                return Ok((t.index, p, tok));
            }
        }
        let index = self.tables().len();
        if index >= MAX_TABLES {
            return Err(Refused::Join(format!(
                "the room is full ({MAX_TABLES} tables)"
            )));
        }
        let game = Game::new(self.scenario.clone(), self.code.seed, &self.code.seats());
        let n = self.code.seats().len();
        let p = people[0];
        let tok = token();
        let mut seats = vec![None; n];
        seats[p] = Some(Seat {
            token: tok.clone(),
            name,
        });
        let t = Table {
            index,
            name: format!("Table {}", index + 1),
            game,
            seats,
            done: vec![false; n],
            result: None,
        };
        self.save_table(&t).map_err(Refused::Io)?;
        self.tables
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::new(Mutex::new(t)));
        Ok((index, p, tok))
    }

    /// The table of a seat, if `token` is that seat's.
    pub fn seat(
        &self,
        table: usize,
        party: usize,
        token: &str,
    ) -> Result<Arc<Mutex<Table>>, Refused> {
        let t = self.table(table).ok_or(Refused::BadToken)?;
        let ok = lock(&t)
            .seats
            .get(party)
            .and_then(|s| s.as_ref())
            .is_some_and(|s| same_token(&s.token, token));
        if ok { Ok(t) } else { Err(Refused::BadToken) }
    }

    /// A student's command line: an action in the game's grammar, or `end`.
    pub fn command(&self, table: &Mutex<Table>, party: usize, line: &str) -> Reply {
        let bad = |text: &str| Reply {
            ok: false,
            text: text.to_string(),
        };
        let line = line.trim();
        if line.len() > MAX_COMMAND {
            return bad(&format!("a move has at most {MAX_COMMAND} characters"));
        }
        let sw = self.switches();
        if sw.ended {
            return bad("The class has ended.");
        }
        if sw.paused {
            return bad("Your instructor has paused the class; wait a moment.");
        }
        let mut t = lock(table);
        if t.game.is_finished() {
            return bad("This game is over.");
        }
        if t.done[party] {
            return bad("You have ended your turn; the other side is still playing it.");
        }
        let reply = match line {
            "end" | "wait" => {
                t.done[party] = true;
                self.close_turn_if_done(&mut t);
                Reply {
                    ok: true,
                    text: "You ended your turn.".into(),
                }
            }
            _ if t.is_mediator(party) => match grammar::proposal(line) {
                Err(e) => return bad(&e),
                Ok(def) => {
                    let result = t.game.propose(def);
                    let text = t.game.describe_proposal(&result);
                    Reply {
                        ok: result.is_ok(),
                        text,
                    }
                }
            },
            _ => match grammar::parse(line) {
                Err(e) => return bad(&e),
                Ok(action) => {
                    let result = t.game.act(party, action);
                    let text = t.game.describe(party, &result);
                    if t.game.is_finished() {
                        self.finish(&mut t);
                    }
                    Reply {
                        ok: result.is_ok(),
                        text,
                    }
                }
            },
        };
        if let Err(e) = self.save_table(&t) {
            return bad(&e);
        }
        reply
    }

    /// End the turn when every person at the table has ended it.
    fn close_turn_if_done(&self, t: &mut Table) {
        let all = t
            .game
            .seats()
            .iter()
            .enumerate()
            .all(|(p, c)| *c != Controller::Human || (t.seats[p].is_some() && t.done[p]));
        if all {
            t.game.end_turn();
            t.done.iter_mut().for_each(|d| *d = false);
            if t.game.is_finished() {
                self.finish(t);
            }
        }
    }

    fn finish(&self, t: &mut Table) {
        if t.result.is_some() {
            return;
        }
        let r = GameResult::of(&t.game, &t.names(), Some(&t.name));
        t.result = r.write_in(&self.results_dir()).ok();
    }

    /// Every table's result as it stands (unfinished games marked so).
    pub fn results(&self) -> Vec<GameResult> {
        self.tables()
            .iter()
            .map(|t| {
                let t = lock(t);
                GameResult::of(&t.game, &t.names(), Some(&t.name))
            })
            .collect()
    }

    /// The instructor's switches and levers; returns what to tell the instructor.
    pub fn teacher(&self, op: &TeacherOp) -> Reply {
        let ok = |text: String| Reply { ok: true, text };
        let bad = |text: String| Reply { ok: false, text };
        let reply = match op {
            TeacherOp::Pause | TeacherOp::Resume => {
                lock(&self.switches).paused = matches!(op, TeacherOp::Pause);
                ok(if matches!(op, TeacherOp::Pause) {
                    "The room is paused: students' moves wait.".into()
                } else {
                    "The room plays again.".into()
                })
            }
            TeacherOp::Reveal => {
                lock(&self.switches).revealed = true;
                ok("Transcripts revealed, to you and at every seat.".into())
            }
            TeacherOp::End => {
                lock(&self.switches).ended = true;
                for t in self.tables() {
                    let mut t = lock(&t);
                    if t.result.is_none() {
                        self.finish(&mut t);
                        if let Err(e) = self.save_table(&t) {
                            return bad(e);
                        }
                    }
                }
                ok(format!(
                    "The class has ended; results are in {}.",
                    self.results_dir().display()
                ))
            }
            TeacherOp::Inject { table, .. } | TeacherOp::Press { table, .. }
                if self.table(*table).is_none() =>
            {
                bad(format!("there is no table {}", table + 1))
            }
            TeacherOp::Inject { table, event } => {
                let t = self.table(*table).expect("checked above");
                let mut t = lock(&t);
                match t.game.inject(*event) {
                    Ok(()) => {
                        let _ = self.save_table(&t);
                        ok(format!("Event fired at {}.", t.name))
                    }
                    Err(e) => bad(e),
                }
            }
            TeacherOp::Press { table, headline } => {
                let t = self.table(*table).expect("checked above");
                let mut t = lock(&t);
                match t.game.press(headline) {
                    Ok(()) => {
                        let _ = self.save_table(&t);
                        ok(format!("Press story placed at {}.", t.name))
                    }
                    Err(e) => bad(e),
                }
            }
        };
        if let Err(e) = self.save_room() {
            return bad(e);
        }
        reply
    }
}

/// What the instructor can do.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TeacherOp {
    Pause,
    Resume,
    Reveal,
    End,
    Inject { table: usize, event: usize },
    Press { table: usize, headline: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_tables_result_is_written_once_across_a_restart_and_the_end_of_class() {
        let dir = std::env::temp_dir().join(format!("bc-room-once-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let scens: Vec<Arc<Scenario>> = crate::bundled::all()
            .into_iter()
            .map(|s| Arc::new(s.unwrap()))
            .collect();
        let (code, scen) = ClassCode::find("TUTORIAL-BC9Y5T-HA", &scens).unwrap();
        let room = Room::open(code.clone(), scen.clone(), &dir).unwrap();
        // A typed code matches in any case, with spaces.
        let (t, p, _) = room.join(" tutorial-bc9y5t-ha ", "Ana").unwrap();
        let table = room.table(t).unwrap();
        while !lock(&table).game.is_finished() {
            assert!(room.command(&table, p, "end").ok);
        }
        let results = || std::fs::read_dir(dir.join("results")).unwrap().count();
        assert_eq!(results(), 1);
        drop(table);
        drop(room);
        let room = Room::open(code, scen, &dir).unwrap();
        assert!(room.teacher(&TeacherOp::End).ok);
        assert_eq!(
            results(),
            1,
            "the restarted room knew the result was written"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A class code with a person in the mediator's seat: students fill the two sides'
    /// seats and then the mediator's; the mediator's proposals go through the rules,
    /// its page shows its own view, and the turn waits for it too.
    #[test]
    fn a_student_can_sit_in_the_mediators_seat() {
        let dir = std::env::temp_dir().join(format!("bc-room-mediator-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let scens: Vec<Arc<Scenario>> = crate::bundled::all()
            .into_iter()
            .map(|s| Arc::new(s.unwrap()))
            .collect();
        let (code, scen) = ClassCode::find("OSLO1993-BC9Y5T-HHH", &scens).unwrap();
        let room = Room::open(code.clone(), scen.clone(), &dir).unwrap();
        let seated: Vec<(usize, usize)> = ["Ana", "Ben", "Chloe"]
            .iter()
            .map(|n| {
                let (t, p, _) = room.join("OSLO1993-BC9Y5T-HHH", n).unwrap();
                (t, p)
            })
            .collect();
        assert_eq!(
            seated,
            vec![(0, 0), (0, 1), (0, 2)],
            "one table, three seats"
        );
        let table = room.table(0).unwrap();
        assert!(lock(&table).full());
        let teacher = super::super::html::room_view(&room);
        assert!(teacher.contains("Norway (mediator): Chloe"), "{teacher}");
        // Too early, then a proposal once Norway has joined (turn 3).
        let r = room.command(&table, 2, "propose recognition=mutual_letters");
        assert!(!r.ok && r.text.contains("only from turn 3"), "{r:?}");
        for _ in 0..2 {
            for p in 0..3 {
                assert!(room.command(&table, p, "end").ok);
            }
        }
        assert_eq!(lock(&table).game.turn(), 3);
        let r = room.command(&table, 2, "propose recognition=mutual_letters pay plo=0.01");
        assert!(r.ok && r.text.contains("Norway proposes"), "{r:?}");
        // The mediator's page is its own view; a side's page shows the proposal.
        let t = lock(&table);
        let page = super::super::html::mediator_view(&t.game, "", false);
        assert!(page.contains("You are <strong>Norway</strong>, the mediator"));
        assert!(page.contains("Your proposal of turn 3"));
        let side = super::super::html::seat_view(&t.game, 1, "", false);
        assert!(side.contains("Norway would pay you 0.01"), "{side}");
        drop(t);
        // The sides' ends alone do not close the turn: the mediator must end it too.
        assert!(room.command(&table, 0, "end").ok);
        assert!(room.command(&table, 1, "end").ok);
        assert_eq!(lock(&table).game.turn(), 3);
        assert!(room.command(&table, 2, "end").ok);
        assert_eq!(lock(&table).game.turn(), 4);
        // A restart rebuilds the table, the mediator's proposal included.
        let print = lock(&table).game.fingerprint();
        drop(table);
        drop(room);
        let room = Room::open(code, scen, &dir).unwrap();
        assert_eq!(lock(&room.table(0).unwrap()).game.fingerprint(), print);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
