// ANCHOR: main
use std::sync::{Condvar, Mutex};
use std::thread;

const PLAYERS: usize = 3;
const ROUNDS: usize = 4;

/// What the threads share: the counter, and which player made each increment.
struct Game {
    count: usize,
    turns: Vec<usize>,
}

#[test]
fn players_take_turns_in_order() {
    let game = Mutex::new(Game {
        count: 0,
        turns: Vec::new(),
    });
    let turn_passed = Condvar::new();

    thread::scope(|s| {
        for player in 0..PLAYERS {
            let (game, turn_passed) = (&game, &turn_passed);
            s.spawn(move || {
                for _ in 0..ROUNDS {
                    // Sleeps until the condition is false, checking it again
                    // after every wakeup, spurious wakeups included.
                    let mut state = turn_passed
                        .wait_while(game.lock().unwrap(), |g| g.count % PLAYERS != player)
                        .unwrap();
                    state.count += 1;
                    state.turns.push(player);
                    drop(state);
                    // Each player waits for its own turn, so wake them all.
                    turn_passed.notify_all();
                }
            });
        }
    });

    let game = game.into_inner().unwrap();
    assert_eq!(game.count, PLAYERS * ROUNDS);
    let expected: Vec<usize> = (0..PLAYERS).cycle().take(PLAYERS * ROUNDS).collect();
    assert_eq!(game.turns, expected, "turns out of order");
}
// ANCHOR_END: main
