//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! the bank built with loom's `Mutex` (`src/sync.rs`). Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p bank --release --test loom
//! ```
//!
//! loom varies the order in which threads run; it cannot model every
//! reordering that relaxed atomics allow (its documentation lists what it
//! does not model).
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::Once;

use bank::{Bank, TransferError};
use loom::sync::Arc;
use loom::thread;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the bank";

/// The sections of the book that a failure sends the reader back to.
const LOCK_ORDER: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#deadlocks-and-lock-ordering";
const ONE_GUARD: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#keeping-the-check-and-the-act-under-one-guard";
const ONE_ACCOUNT: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#one-account-on-both-sides-of-a-transfer";

/// The messages of the grader's own assertions.
const TOTAL: &str = "total returned a sum the bank never held";
const REFUSED: &str = "a transfer was refused, or refused with the wrong error";
const BALANCES: &str = "the balances after the transfers are wrong";
const RACE: &str = "not exactly one of two transfers of 4 from a balance of 5 went through";
const SAME: &str = "transfer(0, 0, 5) did not return Err(TransferError::SameAccount(0))";

/// What a failing case says, kept for the panic hook (see [`explore`]).
struct Lesson {
    /// What the case checks.
    checks: &'static str,
    /// What to revisit when loom finds threads blocked for good.
    if_stuck: String,
    /// What to revisit when a thread panics with a message that contains
    /// the first text: the grader's own assertions.
    if_panics: Vec<(&'static str, String)>,
}

thread_local! {
    /// The lesson of the case this thread is exploring, if any.
    static LESSON: RefCell<Option<Lesson>> = const { RefCell::new(None) };
}

/// Explores `model` under loom. If it fails in some order, the grader
/// prints what the case checks, what to revisit, and loom's report, and
/// exits. What to revisit: `if_stuck` when loom found threads blocked for
/// good; for a panic, the text of `if_panics` whose message it contains;
/// for a `todo!`, or any other panic, a line that says only what loom
/// knows. A deadlock or a panic can have other causes than the ones a
/// lesson names: the lessons say "for example" where a case cannot tell
/// them apart.
///
/// It exits from the panic hook, before anything unwinds: after a failed
/// order, loom drops the threads it was running, and a `Mutex` guard or an
/// `Arc` that one of them held panics again as it drops, which would abort
/// the program with a backtrace instead of this message.
fn explore(lesson: Lesson, model: impl Fn() + Send + Sync + 'static) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let Some(lesson) = LESSON.with(|l| l.borrow_mut().take()) else {
                return default(info);
            };
            let report = info.payload_as_str().unwrap_or("(not text)");
            let revisit = if report.starts_with("deadlock") {
                lesson.if_stuck.as_str()
            } else if report.starts_with("not yet implemented") {
                "the starter's todo!() still runs: write that part first."
            } else if let Some((_, text)) =
                lesson.if_panics.iter().find(|(m, _)| report.contains(m))
            {
                text.as_str()
            } else {
                "a thread panicked, with the message of loom's report below."
            };
            // Straight to the terminal: the test harness would keep what
            // `eprintln!` prints, and lose it when the program exits.
            let _ = write!(
                io::stderr(),
                "\ngrader: {SUBJECT} fails in some order of the threads.\n\
                 The test: {}.\n\
                 Revisit: {revisit}\n\
                 loom's report: {report}\n\n",
                lesson.checks
            );
            process::exit(101);
        }));
    });
    LESSON.with(|l| *l.borrow_mut() = Some(lesson));
    loom::model(model);
    LESSON.with(|l| l.borrow_mut().take());
}

/// The cases, one after another in this order, in one test. The first
/// case that fails ends the program (see [`explore`]), so the grader
/// prints the message of the first failing case. As several tests, which
/// `cargo test` runs on several threads at once, a bank that fails more
/// than one would print one message or another, whichever failed first.
#[test]
fn bank_under_loom() {
    opposite_transfers_while_a_third_thread_adds_up();
    two_transfers_race_for_one_balance();
    a_transfer_to_the_same_account();
}

/// A thread that moves `amount` from `from` to `to` and returns the result.
fn transferring(
    bank: &Arc<Bank>,
    from: usize,
    to: usize,
    amount: u64,
) -> thread::JoinHandle<Result<(), TransferError>> {
    let bank = Arc::clone(bank);
    thread::spawn(move || bank.transfer(from, to, amount))
}

fn opposite_transfers_while_a_third_thread_adds_up() {
    let lesson = Lesson {
        checks: "two threads transfer between accounts 0 and 1, in opposite\n\
                 directions, while a third adds up the total",
        if_stuck: format!(
            "the threads deadlocked. For example, each transfer locked the\naccount \
             it takes money from first, then waited for the other one,\nwhich the \
             other transfer held; or total locked the accounts in\nanother order than \
             transfer. Lock them in one order that every\nthread shares, such as \
             by account number (lock ordering):\n{LOCK_ORDER}"
        ),
        if_panics: vec![
            (
                TOTAL,
                format!(
                    "total saw the money of a transfer in neither account, or in\nboth. \
                     For example, it released one account's guard before it\nlocked the \
                     next. Hold every guard until the sum is done:\n{ONE_GUARD}"
                ),
            ),
            (
                REFUSED,
                "both accounts held enough, and transfer must return Ok(()).".to_string(),
            ),
            (
                BALANCES,
                "after 3 from account 0 to 1, and 2 back, the balances of\n10 and 10 \
                 must be 9 and 11."
                    .to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let bank = Arc::new(Bank::new(&[10, 10]));
        let forth = transferring(&bank, 0, 1, 3);
        let back = transferring(&bank, 1, 0, 2);
        assert_eq!(bank.total(), 20, "{TOTAL}");
        assert_eq!(forth.join().unwrap(), Ok(()), "{REFUSED}");
        assert_eq!(back.join().unwrap(), Ok(()), "{REFUSED}");
        assert_eq!(
            [bank.balance(0), bank.balance(1)],
            [Some(9), Some(11)],
            "{BALANCES}"
        );
    });
}

fn two_transfers_race_for_one_balance() {
    let lesson = Lesson {
        checks: "two threads each transfer 4 from account 0, which holds 5;\n\
                 exactly one may go through",
        if_stuck: format!(
            "the threads deadlocked. Lock the two accounts in one order\nthat every \
             thread shares (lock ordering):\n{LOCK_ORDER}"
        ),
        if_panics: vec![
            (
                RACE,
                format!(
                    "both transfers went through, or neither. For example, each\nchecked \
                     the balance, released the guard, and then took the\nmoney that the \
                     other had already taken. Check the balance and\nchange it under the \
                     same guard:\n{ONE_GUARD}"
                ),
            ),
            (
                REFUSED,
                "the second transfer must be refused with\n\
                 Err(TransferError::InsufficientFunds { balance: 1, amount: 4 })."
                    .to_string(),
            ),
            (
                BALANCES,
                "after one transfer of 4, the balances of 5 and 0 must be 1 and 4.".to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let bank = Arc::new(Bank::new(&[5, 0]));
        let first = transferring(&bank, 0, 1, 4);
        let second = transferring(&bank, 0, 1, 4);
        let results = [first.join().unwrap(), second.join().unwrap()];
        let went_through = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(went_through, 1, "{RACE}");
        let refusal = Err(TransferError::InsufficientFunds {
            balance: 1,
            amount: 4,
        });
        assert!(results.contains(&refusal), "{REFUSED}");
        assert_eq!(
            [bank.balance(0), bank.balance(1)],
            [Some(1), Some(4)],
            "{BALANCES}"
        );
    });
}

fn a_transfer_to_the_same_account() {
    let lesson = Lesson {
        checks: "a transfer from account 0 to account 0 is refused",
        if_stuck: format!(
            "transfer never returned. For example, it locked the one\naccount twice, \
             and waited for a guard it held itself. Compare\nthe two account numbers \
             before you lock anything:\n{ONE_ACCOUNT}"
        ),
        if_panics: vec![(
            SAME,
            format!(
                "a transfer from an account to itself must be refused with\n\
                 Err(TransferError::SameAccount(0)), without locking twice:\n{ONE_ACCOUNT}"
            ),
        )],
    };
    explore(lesson, || {
        let bank = Bank::new(&[10]);
        assert_eq!(
            bank.transfer(0, 0, 5),
            Err(TransferError::SameAccount(0)),
            "{SAME}"
        );
    });
}
