// Under `--cfg loom` the model checker explores every interleaving of the
// threads and the values each atomic load may return.
#[cfg(loom)]
use loom::{
    model,
    sync::Arc,
    sync::atomic::{AtomicU32, AtomicU64, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU32, AtomicU64, Ordering},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
const NONE: u32 = u32::MAX;

/// Listing 18.2's stack, with two switches: when `tagged` is false the tag
/// stays 0, and the exchanges compare the node alone, as in listing 18.1;
/// `publish` is the ordering of `push`'s exchange (`Release` in 18.2).
struct Stack {
    head: AtomicU64,
    next: Vec<AtomicU32>,
    tagged: bool,
    publish: Ordering,
}

fn pack(tag: u32, node: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(node)
}

fn unpack(head: u64) -> (u32, u32) {
    ((head >> 32) as u32, head as u32)
}

impl Stack {
    fn full(nodes: u32, tagged: bool, publish: Ordering) -> Self {
        let below = |i: u32| if i + 1 < nodes { i + 1 } else { NONE };
        Stack {
            head: AtomicU64::new(pack(0, 0)),
            next: (0..nodes).map(|i| AtomicU32::new(below(i))).collect(),
            tagged,
            publish,
        }
    }

    /// The tag of the next head: one more, or always 0 for the twin.
    fn next_tag(&self, tag: u32) -> u32 {
        if self.tagged { tag.wrapping_add(1) } else { 0 }
    }

    fn push(&self, node: u32) {
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            let (tag, top) = unpack(head);
            self.next[node as usize].store(top, Ordering::Relaxed);
            let new = pack(self.next_tag(tag), node);
            match self
                .head
                .compare_exchange(head, new, self.publish, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    fn pop(&self) -> Option<u32> {
        self.pop_telling().map(|(node, _, _)| node)
    }

    /// `pop`, also returning the tag its exchange compared and the link it
    /// made the new top, for the model's report.
    fn pop_telling(&self) -> Option<(u32, u32, u32)> {
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            let (tag, top) = unpack(head);
            if top == NONE {
                return None;
            }
            let next = self.next[top as usize].load(Ordering::Relaxed);
            let new = pack(self.next_tag(tag), next);
            match self
                .head
                .compare_exchange(head, new, Ordering::Acquire, Ordering::Acquire)
            {
                Ok(_) => return Some((top, tag, next)),
                Err(current) => head = current,
            }
        }
    }

    fn nodes(&self) -> Vec<u32> {
        let mut nodes = Vec::new();
        let (_, mut node) = unpack(self.head.load(Ordering::Acquire));
        while node != NONE && nodes.len() < self.next.len() {
            nodes.push(node);
            node = self.next[node as usize].load(Ordering::Relaxed);
        }
        nodes
    }
}

/// Three free nodes. B pops two and pushes the first back while A pops
/// one; then every node must be in exactly one place.
fn pop_while_another_pops_twice(tagged: bool, publish: Ordering) {
    model(move || {
        let stack = Arc::new(Stack::full(3, tagged, publish));
        let b = {
            let stack = Arc::clone(&stack);
            thread::spawn(move || {
                // Of three nodes, A holds at most one: both pops find one.
                let first = stack.pop().unwrap();
                let second = stack.pop().unwrap();
                stack.push(first);
                second
            })
        };
        let (held_by_a, tag, link) = stack.pop_telling().unwrap();
        let held_by_b = b.join().unwrap();
        let on_stack = stack.nodes();
        for node in 0..3 {
            let mut places: Vec<&str> = on_stack
                .iter()
                .filter(|&&n| n == node)
                .map(|_| "on the stack")
                .collect();
            if held_by_a == node {
                places.push("held by A");
            }
            if held_by_b == node {
                places.push("held by B");
            }
            let popped = format!("A popped node {held_by_a} at tag {tag}, made {link} the top");
            assert!(!places.is_empty(), "node {node} is lost ({popped})");
            assert!(
                places.len() == 1,
                "node {node} is both {} ({popped})",
                places.join(" and ")
            );
        }
    });
}

#[test]
fn untagged_head_lets_a_stale_exchange_succeed() {
    pop_while_another_pops_twice(false, Ordering::Release);
}

#[test]
fn tagged_head_makes_the_stale_exchange_fail() {
    pop_while_another_pops_twice(true, Ordering::Release);
}

#[test]
fn tagged_head_with_a_relaxed_push_reads_a_stale_link() {
    pop_while_another_pops_twice(true, Ordering::Relaxed);
}
// ANCHOR_END: main
