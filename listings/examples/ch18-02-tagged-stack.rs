// ANCHOR: main
use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::thread;

/// No node: what `head` and `next` hold at the bottom of the stack.
const NONE: u32 = u32::MAX;

/// Listing 18.1's stack with a tag beside the index of the top: both in
/// one `AtomicU64`, so that one exchange compares and replaces both.
pub struct Stack {
    /// The tag in the high 32 bits, the node on top (or `NONE`) in the low.
    head: AtomicU64,
    /// `next[i]` is the node below node `i` while `i` is on the stack.
    next: Vec<AtomicU32>,
}

/// A head value: the tag counts the pushes and pops that changed the head.
fn pack(tag: u32, node: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(node)
}

fn unpack(head: u64) -> (u32, u32) {
    ((head >> 32) as u32, head as u32)
}

impl Stack {
    /// A stack holding every node of a pool of `nodes`, node 0 on top.
    pub fn full(nodes: u32) -> Self {
        let below = |i: u32| if i + 1 < nodes { i + 1 } else { NONE };
        Stack {
            head: AtomicU64::new(pack(0, if nodes > 0 { 0 } else { NONE })),
            next: (0..nodes).map(|i| AtomicU32::new(below(i))).collect(),
        }
    }

    pub fn push(&self, node: u32) {
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            let (tag, top) = unpack(head);
            self.next[node as usize].store(top, Ordering::Relaxed);
            let new = pack(tag.wrapping_add(1), node);
            match self
                .head
                .compare_exchange(head, new, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    pub fn pop(&self) -> Option<u32> {
        self.pop_pausing(|_, _, _| {})
    }

    /// `pop`, calling `pause(tag, head, next)` once it has read the top and
    /// the node below it, before its exchange.
    pub fn pop_pausing(&self, mut pause: impl FnMut(u32, u32, u32)) -> Option<u32> {
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            let (tag, top) = unpack(head);
            if top == NONE {
                return None;
            }
            let next = self.next[top as usize].load(Ordering::Relaxed);
            pause(tag, top, next);
            // Succeeds only if no push or pop changed the head since it was
            // read: each of them changed the tag, even if not the node.
            let new = pack(tag.wrapping_add(1), next);
            match self
                .head
                .compare_exchange(head, new, Ordering::Acquire, Ordering::Acquire)
            {
                Ok(_) => return Some(top),
                Err(current) => head = current,
            }
        }
    }

    /// The nodes on the stack, top first, when no thread is using it. It
    /// stops after as many nodes as the pool has, in case of a cycle.
    pub fn nodes(&self) -> Vec<u32> {
        let mut nodes = Vec::new();
        let (_, mut node) = unpack(self.head.load(Ordering::Acquire));
        while node != NONE && nodes.len() < self.next.len() {
            nodes.push(node);
            node = self.next[node as usize].load(Ordering::Relaxed);
        }
        nodes
    }
}

fn main() {
    let stack = Stack::full(3);
    println!("stack: {:?}", stack.nodes());
    // A stops between its reads and its exchange until B is done.
    let paused = Barrier::new(2);
    let resume = Barrier::new(2);
    let (held_by_a, held_by_b) = thread::scope(|scope| {
        let a = scope.spawn(|| {
            let mut attempts = 0;
            let popped = stack.pop_pausing(|tag, head, next| {
                attempts += 1;
                if attempts == 1 {
                    println!("A: top is node {head} (tag {tag}), below it node {next}; A pauses");
                    paused.wait();
                    resume.wait();
                } else {
                    println!(
                        "A: tries again: top is node {head} (tag {tag}), below it node {next}"
                    );
                }
            });
            println!("A: popped {popped:?}");
            popped
        });
        let b = scope.spawn(|| {
            paused.wait();
            // The stack has three nodes and B takes two: `pop` returns some.
            let first = stack.pop().expect("the stack is not empty");
            let second = stack.pop().expect("the stack is not empty");
            stack.push(first);
            println!("B: popped {first} and {second}, pushed {first} back");
            println!("stack: {:?}", stack.nodes());
            resume.wait();
            vec![second]
        });
        (a.join().unwrap(), b.join().unwrap())
    });
    let on_stack = stack.nodes();
    println!("stack: {on_stack:?}");
    report(3, &on_stack, held_by_a, &held_by_b);
    println!("the next pop returns {:?}", stack.pop());
}

/// Prints every node that is not in exactly one place.
fn report(nodes: u32, on_stack: &[u32], held_by_a: Option<u32>, held_by_b: &[u32]) {
    let mut all_in_one_place = true;
    for node in 0..nodes {
        let mut places = Vec::new();
        places.extend(
            on_stack
                .iter()
                .filter(|&&n| n == node)
                .map(|_| "on the stack"),
        );
        places.extend(held_by_a.filter(|&n| n == node).map(|_| "held by A"));
        places.extend(
            held_by_b
                .iter()
                .filter(|&&n| n == node)
                .map(|_| "held by B"),
        );
        match places.len() {
            1 => {}
            0 => println!("node {node} is lost: neither on the stack nor held"),
            _ => println!("node {node} is both {}", places.join(" and ")),
        }
        all_in_one_place &= places.len() == 1;
    }
    if all_in_one_place {
        println!("every node is in exactly one place");
    }
}
// ANCHOR_END: main
// copy-of: ch18-01-aba const NONE, fn report
