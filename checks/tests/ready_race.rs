//! The ready-race check, both ways: tokio's random start passes, the in-order and rotating
//! races fail as declared (each favouring the operation its source predicts), and a false
//! declaration is contradicted by the runs.

use futures::future::LocalBoxFuture;
use lab_checks::modes::ready_race::{self, OP, SCENARIO, WINS};
use lab_designs::modes::{self, Design, DesignInfo, Mode, ModeDesign, ModeOutput, Op, ReadyPick};
use lab_executor::Clock;
use lab_findings::Verdict;

#[test]
fn every_race_gets_its_declared_verdict() {
    let (mut fair, mut unfair) = (0, 0);
    for d in ready_race::racing() {
        let f = ready_race::check(*d, 150, &|| {});
        assert_eq!(
            Some(f.verdict),
            f.expected,
            "{}: {}",
            d.info().id,
            f.summary
        );
        assert!(
            f.contradicts.is_empty(),
            "{}: {:?}",
            d.info().id,
            f.contradicts
        );
        match f.verdict {
            Verdict::Pass => fair += 1,
            _ => unfair += 1,
        }
    }
    assert!(fair >= 1 && unfair >= 4, "{fair} fair, {unfair} unfair");
}

#[test]
fn the_rotating_race_takes_the_operation_after_its_earlier_polls() {
    let f = ready_race::check(modes::by_id("fc-race").unwrap(), 30, &|| {});
    let wins = |s: &str, op: u32| {
        f.value(WINS, &[(SCENARIO, s.into()), (OP, op.into())])
            .unwrap()
    };
    // A new race starts at 0; one pending poll moves the start to 1.
    assert_eq!(wins("at first poll", 0), 30.0);
    assert_eq!(wins("after pending polls", 1), 30.0);
}

/// Another race under a declaration that is not its own.
struct Claims(&'static dyn ModeDesign, ReadyPick);

impl Design for Claims {
    fn info(&self) -> DesignInfo {
        self.0.info()
    }
}

impl ModeDesign for Claims {
    fn mode(&self) -> Mode {
        self.0.mode()
    }

    fn ready_pick(&self) -> Option<ReadyPick> {
        Some(self.1)
    }

    fn run(&self, ops: [Op; 3], clock: Clock) -> LocalBoxFuture<'static, ModeOutput> {
        self.0.run(ops, clock)
    }
}

#[test]
fn a_false_declaration_is_contradicted() {
    let select_all = modes::by_id("futures-select-all-race").unwrap();
    let lying = ready_race::check(&Claims(select_all, ReadyPick::Random), 150, &|| {});
    assert_eq!(
        (lying.verdict, lying.expected),
        (Verdict::Fail, Some(Verdict::Pass))
    );
    assert!(
        lying.contradicts[0].contains("reject one third"),
        "{:?}",
        lying.contradicts
    );
    let rotating = ready_race::check(&Claims(select_all, ReadyPick::Rotating), 150, &|| {});
    assert!(
        rotating.contradicts[0].contains("after pending polls had another winner"),
        "{:?}",
        rotating.contradicts
    );
    let tokio = modes::by_id("tokio-select-race").unwrap();
    let in_order = ready_race::check(&Claims(tokio, ReadyPick::InOrder), 150, &|| {});
    assert!(!in_order.contradicts.is_empty());
}

#[test]
fn every_race_declares_how_it_picks_and_nothing_else_does() {
    for d in modes::all() {
        let race = matches!(d.mode(), Mode::Race | Mode::RaceOk);
        assert_eq!(d.ready_pick().is_some(), race, "{}", d.info().id);
    }
}

#[test]
fn too_few_races_judge_nothing() {
    let select_all = modes::by_id("futures-select-all-race").unwrap();
    assert_eq!(
        ready_race::check(select_all, 0, &|| {}).verdict,
        Verdict::NotRun
    );
    assert_eq!(
        ready_race::check(select_all, ready_race::MIN_RUNS - 1, &|| {}).verdict,
        Verdict::Inconclusive
    );
    assert_eq!(
        ready_race::check(select_all, ready_race::MIN_RUNS, &|| {}).verdict,
        Verdict::Fail
    );
}
