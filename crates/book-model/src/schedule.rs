//! "Be the scheduler": a listing's threads as steps the reader runs one at
//! a time, in a figure that lets them choose which thread runs next.
//!
//! Each figure is drawn from a small model, `listings/schedules/MODEL.toml`,
//! named after the loom model (`MODEL`) that enumerates every output of the
//! listing. The model lists the threads, their steps, the shared state and
//! the lines printed at the end; a step's `run` is one statement of a tiny
//! language (see [`Op`]). [`Schedule::explore`] tries every order of the
//! steps and collects the outputs they can print, with one order for each;
//! a drift guard checks that this set is exactly the set the loom model
//! lists (and the build fails otherwise), so these steps cannot print an
//! output the proof does not list, or miss one it does. The interactive
//! part is `theme/schedule.js`, a second implementation of the same
//! semantics: the browser check runs its own exploration of every figure
//! and compares it with the list this module renders.
//!
//! A chapter shows a figure with the directive `{{#schedule MODEL}}`. For
//! the HTML book it becomes the figure of [`Schedule::html`]: the model as
//! JSON for `theme/schedule.js`, each thread's steps, and the list of
//! outputs with one order each; the steps and the list are all that a
//! reader without JavaScript, the print and the EPUB get.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where the models of the figures live, relative to the book.
pub const DIR: &str = "listings/schedules";

/// The script that draws the interactive part: inlined once in every
/// chapter that shows a figure, so that other pages do not load it.
pub const SCRIPT: &str = include_str!("../../../theme/schedule.js");

/// A longer list of outputs is folded in a `<details>` in the HTML book
/// (the PDF opens it; the EPUB shows every list whole).
pub const FOLD_ABOVE: usize = 8;

/// A value of the model: what `seats_left`, `seat_is_free` or `views` hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Int(i64),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(n) => write!(f, "{n}"),
        }
    }
}

/// One step of a thread: what the figure shows and what it does.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What the figure shows for the step.
    pub label: String,
    /// What the step does: one statement (see [`Op`]).
    pub run: String,
    /// The step runs only if this local of the thread is `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// A thread of the model, in the order the figure shows its columns.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thread {
    pub name: String,
    pub steps: Vec<Step>,
}

/// A model, as `listings/schedules/MODEL.toml` holds it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The loom model whose outputs this one must reach (the file's name).
    #[serde(default)]
    pub model: String,
    /// The listing the steps come from.
    pub listing: String,
    /// The figure's caption, after "Be the scheduler".
    pub title: String,
    #[serde(default)]
    pub shared: BTreeMap<String, Value>,
    #[serde(default)]
    pub channels: Vec<String>,
    /// Printed when every thread has finished.
    #[serde(default)]
    pub end: Vec<String>,
    /// `[[thread]]` in the file, `threads` in the figure's JSON.
    #[serde(rename(deserialize = "thread", serialize = "threads"))]
    pub threads: Vec<Thread>,
}

/// The statement a step runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `NAME = TERM` or `NAME = TERM OP TERM` (OP is `+`, `-` or `>`): to
    /// the shared variable if the model declares one of that name, else to
    /// a local of the thread.
    Assign {
        target: String,
        left: Term,
        op: Option<(char, Term)>,
    },
    /// `send CH "TEXT"`: TEXT onto the back of channel CH.
    Send { channel: String, text: String },
    /// `recv CH "FORMAT"`: waits while CH is empty, then takes its front
    /// message and prints FORMAT with `{}` replaced by it.
    Recv { channel: String, format: String },
    /// `print "TEXT"`, with `{NAME}` replaced by a variable's value.
    Print { text: String },
}

/// An operand: a literal or a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Literal(Value),
    Name(String),
}

/// Splits a statement into words and double-quoted strings (no escapes).
fn tokens(statement: &str) -> Result<Vec<(bool, String)>, String> {
    let mut out = Vec::new();
    let mut rest = statement.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after
                .find('"')
                .ok_or_else(|| format!("`{statement}`: a string is not closed"))?;
            out.push((true, after[..end].to_string()));
            rest = after[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            out.push((false, rest[..end].to_string()));
            rest = rest[end..].trim_start();
        }
    }
    Ok(out)
}

fn term(word: &(bool, String)) -> Result<Term, String> {
    let (quoted, word) = word;
    if *quoted {
        return Err(format!("\"{word}\": a string cannot be a value"));
    }
    Ok(match word.as_str() {
        "true" => Term::Literal(Value::Bool(true)),
        "false" => Term::Literal(Value::Bool(false)),
        _ => match word.parse::<i64>() {
            Ok(n) => Term::Literal(Value::Int(n)),
            Err(_) if is_name(word) => Term::Name(word.clone()),
            Err(_) => return Err(format!("`{word}` is neither a number nor a name")),
        },
    })
}

fn is_name(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Op {
    /// Parses one statement.
    pub fn parse(statement: &str) -> Result<Op, String> {
        let words = tokens(statement)?;
        let word = |i: usize| words.get(i).map(|(q, w)| (*q, w.as_str()));
        let string = |i: usize| match word(i) {
            Some((true, text)) => Ok(text.to_string()),
            _ => Err(format!("`{statement}`: expected a string in double quotes")),
        };
        let op = match word(0) {
            Some((false, "send")) | Some((false, "recv")) if words.len() == 3 => {
                let channel = match word(1) {
                    Some((false, name)) if is_name(name) => name.to_string(),
                    _ => return Err(format!("`{statement}`: expected a channel's name")),
                };
                let text = string(2)?;
                if word(0) == Some((false, "send")) {
                    Op::Send { channel, text }
                } else if text.matches("{}").count() == 1 {
                    Op::Recv {
                        channel,
                        format: text,
                    }
                } else {
                    return Err(format!(
                        "`{statement}`: a recv's format holds `{{}}` once, for the message"
                    ));
                }
            }
            Some((false, "print")) if words.len() == 2 => Op::Print { text: string(1)? },
            Some((false, target)) if is_name(target) && word(1) == Some((false, "=")) => {
                let left = term(words.get(2).ok_or(format!("`{statement}`: no value"))?)?;
                let op = match words.len() {
                    3 => None,
                    5 => {
                        let op = match word(3) {
                            Some((false, "+")) => '+',
                            Some((false, "-")) => '-',
                            Some((false, ">")) => '>',
                            _ => {
                                return Err(format!(
                                    "`{statement}`: the operator is `+`, `-` or `>`"
                                ));
                            }
                        };
                        Some((op, term(&words[4])?))
                    }
                    _ => return Err(format!("`{statement}`: expected NAME = A or NAME = A OP B")),
                };
                Op::Assign {
                    target: target.to_string(),
                    left,
                    op,
                }
            }
            _ => {
                return Err(format!(
                    "`{statement}`: a step is `NAME = …`, `send CH \"…\"`, `recv CH \"…{{}}…\"` or `print \"…\"`"
                ));
            }
        };
        Ok(op)
    }
}

/// Where a run of the model is: what the figure shows between two steps.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct State {
    /// For each thread, the index of its next step.
    pub next: Vec<usize>,
    /// For each thread, its locals.
    pub locals: Vec<BTreeMap<String, Value>>,
    pub shared: BTreeMap<String, Value>,
    pub channels: BTreeMap<String, Vec<String>>,
    /// What has been printed so far.
    pub printed: String,
}

/// The outputs a model's steps can print, each with the first schedule
/// found that prints it (the threads' indices, one per step run).
pub type Outputs = BTreeMap<String, Vec<usize>>;

/// A model with its statements parsed: what [`Schedule::explore`] runs.
struct Parsed<'a> {
    model: &'a Schedule,
    ops: Vec<Vec<Op>>,
}

impl Schedule {
    /// The model `listings/schedules/NAME.toml` of the book at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Schedule, String> {
        let file = Schedule::file(name);
        let text = std::fs::read_to_string(root.join(&file))
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let mut model: Schedule =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        model.model = name.to_string();
        Ok(model)
    }

    /// Where the model `name` lives, relative to the book.
    pub fn file(name: &str) -> PathBuf {
        Path::new(DIR).join(format!("{name}.toml"))
    }

    /// The names of the book's models, from the files in [`DIR`].
    pub fn names(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root.join(DIR))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                e.file_name()
                    .to_str()?
                    .strip_suffix(".toml")
                    .map(str::to_string)
            })
            .collect();
        names.sort();
        names
    }

    fn parsed(&self) -> Result<Parsed<'_>, String> {
        let mut ops = Vec::new();
        let mut names = HashSet::new();
        for thread in &self.threads {
            if !names.insert(thread.name.as_str()) {
                return Err(format!("two threads are named `{}`", thread.name));
            }
            let mut thread_ops = Vec::new();
            for step in &thread.steps {
                let op =
                    Op::parse(&step.run).map_err(|e| format!("thread `{}`: {e}", thread.name))?;
                if let Op::Send { channel, .. } | Op::Recv { channel, .. } = &op
                    && !self.channels.contains(channel)
                {
                    return Err(format!(
                        "thread `{}`: `{}` uses channel `{channel}`, which `channels` does not declare",
                        thread.name, step.run
                    ));
                }
                thread_ops.push(op);
            }
            ops.push(thread_ops);
        }
        if self.threads.is_empty() {
            return Err("the model has no thread".into());
        }
        Ok(Parsed { model: self, ops })
    }

    /// Every output the steps can print, each with one schedule that prints
    /// it: every order of the threads' steps is explored, depth first,
    /// trying the threads in their order. An order that reaches a state
    /// already seen is not followed again: a [`State`] holds everything
    /// that decides the rest of a run, so it cannot print anything new.
    pub fn explore(&self) -> Result<Outputs, String> {
        let parsed = self.parsed()?;
        let mut outputs = Outputs::new();
        let mut seen = HashSet::new();
        let mut path = Vec::new();
        parsed.search(parsed.start()?, &mut seen, &mut path, &mut outputs)?;
        Ok(outputs)
    }

    /// The figure, for the HTML book: see the module's documentation.
    pub fn html(&self, outputs: &Outputs, order: &[String]) -> String {
        #[derive(Serialize)]
        struct Data<'a> {
            #[serde(flatten)]
            model: &'a Schedule,
            outputs: &'a [String],
        }
        let json = serde_json::to_string(&Data {
            model: self,
            outputs: order,
        })
        .expect("a model is JSON")
        .replace('<', "\\u003c");
        let mut html = format!(
            "<figure class=\"figure figure-schedule\" id=\"schedule-{name}\">\n\
             <figcaption><span class=\"caption-number\">Be the scheduler:</span> {title}</figcaption>\n\
             <div class=\"schedule\" hidden></div>\n\
             <script type=\"application/json\" class=\"schedule-data\">{json}</script>\n\
             <div class=\"schedule-outputs\">\n<p>Each thread's steps, in its order:</p>\n\
             <ul class=\"schedule-steps\">\n{steps}</ul>\n<p>{intro}</p>\n{fold}<ol class=\"schedule-list\">\n",
            name = self.model,
            title = escape(&self.title),
            steps = self
                .threads
                .iter()
                .map(|t| format!(
                    "<li><strong>{}</strong>: {}</li>\n",
                    escape(&t.name),
                    escape(&steps_in_words(t))
                ))
                .collect::<String>(),
            intro = self.intro(outputs.len()),
            fold = if order.len() > FOLD_ABOVE {
                format!(
                    "<details class=\"schedule-more\">\n<summary>The {} outputs, each with one schedule</summary>\n",
                    order.len()
                )
            } else {
                String::new()
            },
        );
        for (i, output) in order.iter().enumerate() {
            html += &format!(
                "<li id=\"schedule-{}-{}\"><pre class=\"schedule-printed\"><code>{}</code></pre>\n\
                 <p class=\"schedule-order\">One schedule: {}.</p></li>\n",
                self.model,
                i + 1,
                html_lines(output),
                self.names_of(&outputs[output]),
            );
        }
        html += "</ol>\n";
        if order.len() > FOLD_ABOVE {
            html += "</details>\n";
        }
        html += "</div>\n</figure>\n";
        html
    }

    /// The figure for the EPUB: its caption and the list, in Markdown.
    pub fn plain(&self, outputs: &Outputs, order: &[String]) -> String {
        let mut md = format!(
            "**Be the scheduler:** {}. Each thread's steps, in its order:\n\n",
            escape(&self.title),
        );
        for thread in &self.threads {
            md += &format!(
                "- **{}**: {}\n",
                escape(&thread.name),
                escape(&steps_in_words(thread))
            );
        }
        md += &format!("\n{}\n\n", self.intro(outputs.len()));
        for (i, output) in order.iter().enumerate() {
            md += &format!(
                "{}. One schedule: {}.\n\n    ```text\n",
                i + 1,
                self.names_of(&outputs[output])
            );
            for line in output.lines() {
                md += &format!("    {line}\n");
            }
            md += "    ```\n\n";
        }
        md
    }

    /// What the list holds, said before it: the same words for every
    /// reader, with or without the interactive part.
    fn intro(&self, count: usize) -> String {
        let (model, outputs) = (
            listing_number(&self.model),
            if count == 1 { "output" } else { "outputs" },
        );
        format!(
            "Run in every possible order, these steps print {count} {outputs}, exactly the \
             {count} that loom lists for {model}. Here is each, with one order that prints it \
             (the thread that takes each step):"
        )
    }

    fn names_of(&self, schedule: &[usize]) -> String {
        schedule
            .iter()
            .map(|&t| self.threads[t].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A thread's steps as one line: "check; then act (skipped unless
/// seat_is_free is true)"; the same label several times in a row is said
/// once, with how many times.
fn steps_in_words(thread: &Thread) -> String {
    let mut runs: Vec<(String, usize)> = Vec::new();
    for step in &thread.steps {
        let mut words = step.label.clone();
        if let Some(when) = &step.when {
            words += &format!(" (skipped unless {when} is true)");
        }
        match runs.last_mut() {
            Some((last, n)) if *last == words => *n += 1,
            _ => runs.push((words, 1)),
        }
    }
    runs.into_iter()
        .map(|(words, n)| {
            if n == 1 {
                words
            } else {
                format!("{words}, {n} times")
            }
        })
        .collect::<Vec<_>>()
        .join("; then ")
}

/// "listing 1.4" for `ch01-04-check-then-act`.
fn listing_number(name: &str) -> String {
    let mut parts = name.split('-');
    let number = |p: Option<&str>| p.and_then(|p| p.trim_start_matches("ch").parse::<u32>().ok());
    match (number(parts.next()), number(parts.next())) {
        (Some(chapter), Some(n)) => format!("listing {chapter}.{n}"),
        _ => format!("`{name}`"),
    }
}

/// An output as the text of a `<pre>` inside an HTML block, which a blank
/// line would end: an empty line of the output becomes an empty `<span>`.
fn html_lines(output: &str) -> String {
    output
        .trim_end_matches('\n')
        .lines()
        .map(|line| {
            if line.trim().is_empty() {
                "<span></span>".to_string()
            } else {
                escape(line)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Parsed<'_> {
    fn start(&self) -> Result<State, String> {
        let mut state = State {
            next: vec![0; self.ops.len()],
            locals: vec![BTreeMap::new(); self.ops.len()],
            shared: self.model.shared.clone(),
            channels: self
                .model
                .channels
                .iter()
                .map(|c| (c.clone(), Vec::new()))
                .collect(),
            printed: String::new(),
        };
        for t in 0..self.ops.len() {
            self.skip(&mut state, t)?;
        }
        Ok(state)
    }

    /// Moves thread `t` past the steps whose `when` is false.
    fn skip(&self, state: &mut State, t: usize) -> Result<(), String> {
        let thread = &self.model.threads[t];
        while let Some(step) = thread.steps.get(state.next[t]) {
            let Some(when) = &step.when else { break };
            match state.locals[t].get(when) {
                Some(Value::Bool(true)) => break,
                Some(Value::Bool(false)) => state.next[t] += 1,
                Some(v) => {
                    return Err(format!(
                        "thread `{}`: `when = \"{when}\"` holds {v}, not a boolean",
                        thread.name
                    ));
                }
                None => {
                    return Err(format!(
                        "thread `{}`: `when = \"{when}\"` names a local not yet assigned",
                        thread.name
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether thread `t` can run its next step.
    fn enabled(&self, state: &State, t: usize) -> bool {
        match self.ops[t].get(state.next[t]) {
            None => false,
            Some(Op::Recv { channel, .. }) => !state.channels[channel].is_empty(),
            Some(_) => true,
        }
    }

    fn read(&self, state: &State, t: usize, term: &Term) -> Result<Value, String> {
        match term {
            Term::Literal(v) => Ok(v.clone()),
            Term::Name(name) => self.variable(state, t, name),
        }
    }

    fn variable(&self, state: &State, t: usize, name: &str) -> Result<Value, String> {
        if let Some(v) = state.shared.get(name) {
            return Ok(v.clone());
        }
        state.locals[t].get(name).cloned().ok_or_else(|| {
            format!(
                "thread `{}` reads `{name}`, neither shared nor assigned before",
                self.model.threads[t].name
            )
        })
    }

    /// Runs the next step of thread `t`.
    fn step(&self, state: &State, t: usize) -> Result<State, String> {
        let mut state = state.clone();
        let name = &self.model.threads[t].name;
        match &self.ops[t][state.next[t]] {
            Op::Assign { target, left, op } => {
                let left = self.read(&state, t, left)?;
                let value = match op {
                    None => left,
                    Some((op, right)) => {
                        let right = self.read(&state, t, right)?;
                        match (left, *op, right) {
                            (Value::Int(a), '+', Value::Int(b)) => Value::Int(a + b),
                            (Value::Int(a), '-', Value::Int(b)) => Value::Int(a - b),
                            (Value::Int(a), '>', Value::Int(b)) => Value::Bool(a > b),
                            (a, op, b) => {
                                return Err(format!(
                                    "thread `{name}`: {a} {op} {b} is not defined"
                                ));
                            }
                        }
                    }
                };
                if state.shared.contains_key(target) {
                    state.shared.insert(target.clone(), value);
                } else {
                    state.locals[t].insert(target.clone(), value);
                }
            }
            Op::Send { channel, text } => {
                state
                    .channels
                    .get_mut(channel)
                    .expect("declared")
                    .push(text.clone());
            }
            Op::Recv { channel, format } => {
                let message = state.channels.get_mut(channel).expect("declared").remove(0);
                state.printed += &format.replace("{}", &message);
                state.printed.push('\n');
            }
            Op::Print { text } => {
                let line = self.interpolate(&state, Some(t), text)?;
                state.printed += &line;
                state.printed.push('\n');
            }
        }
        state.next[t] += 1;
        self.skip(&mut state, t)?;
        Ok(state)
    }

    /// `text` with each `{NAME}` (or, at the end, `{THREAD.NAME}`) replaced
    /// by its value.
    fn interpolate(&self, state: &State, t: Option<usize>, text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out += &rest[..open];
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("\"{text}\": a `{{` is not closed"))?;
            let name = &rest[open + 1..open + close];
            let value = match (name.split_once('.'), t) {
                (Some((thread, local)), None) => {
                    let t = self
                        .model
                        .threads
                        .iter()
                        .position(|th| th.name == thread)
                        .ok_or_else(|| format!("\"{text}\": no thread is named `{thread}`"))?;
                    state.locals[t].get(local).cloned().ok_or_else(|| {
                        format!("\"{text}\": thread `{thread}` never assigns `{local}`")
                    })?
                }
                (None, Some(t)) => self.variable(state, t, name)?,
                (None, None) => state
                    .shared
                    .get(name)
                    .cloned()
                    .ok_or_else(|| format!("\"{text}\": `{name}` is not shared"))?,
                (Some(_), Some(_)) => {
                    return Err(format!(
                        "\"{text}\": a step prints its own thread's `{name}`"
                    ));
                }
            };
            out += &value.to_string();
            rest = &rest[open + close + 1..];
        }
        Ok(out + rest)
    }

    fn search(
        &self,
        state: State,
        seen: &mut HashSet<State>,
        path: &mut Vec<usize>,
        outputs: &mut Outputs,
    ) -> Result<(), String> {
        if !seen.insert(state.clone()) {
            return Ok(());
        }
        let runnable: Vec<usize> = (0..self.ops.len())
            .filter(|&t| self.enabled(&state, t))
            .collect();
        if runnable.is_empty() {
            if let Some(t) = (0..self.ops.len()).find(|&t| state.next[t] < self.ops[t].len()) {
                return Err(format!(
                    "after the schedule {}, no thread can run, and `{}` has not finished: a deadlock",
                    self.model.names_of(path),
                    self.model.threads[t].name
                ));
            }
            let mut printed = state.printed.clone();
            for line in &self.model.end {
                printed += &self.interpolate(&state, None, line)?;
                printed.push('\n');
            }
            outputs.entry(printed).or_insert_with(|| path.clone());
            return Ok(());
        }
        for t in runnable {
            let next = self.step(&state, t)?;
            path.push(t);
            self.search(next, seen, path, outputs)?;
            path.pop();
        }
        Ok(())
    }
}

/// The outputs a loom model's report lists: the report prints `N possible
/// outputs:` and then the outputs, separated by blank lines.
pub fn possible_outputs(report: &str) -> Result<BTreeSet<String>, String> {
    Ok(listed_outputs(report)?.into_iter().collect())
}

/// [`possible_outputs`], in the order the report lists them.
pub fn listed_outputs(report: &str) -> Result<Vec<String>, String> {
    let mut lines = report
        .lines()
        .skip_while(|l| !l.ends_with(" possible outputs:"));
    let header = lines.next().ok_or("no line `N possible outputs:`")?;
    let count: usize = header
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or("the count of possible outputs is not a number")?;
    let mut outputs = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() || line == "." || line.starts_with("test result") {
            if !current.is_empty() {
                outputs.push(std::mem::take(&mut current));
            }
            if line.is_empty() {
                continue;
            }
            break;
        }
        current.push_str(line);
        current.push('\n');
    }
    if !current.is_empty() {
        outputs.push(current);
    }
    if outputs.len() != count || outputs.iter().collect::<BTreeSet<_>>().len() != count {
        return Err(format!(
            "it announces {count} possible outputs but lists {}",
            outputs.len()
        ));
    }
    Ok(outputs)
}

/// The directives `{{#schedule NAME}}` of `markdown`, outside code, with
/// where each stands.
pub fn directives(markdown: &str) -> Vec<(std::ops::Range<usize>, String)> {
    crate::quote::directives(markdown, "{{#schedule ")
}

/// `markdown` with each `{{#schedule NAME}}` replaced by its figure (HTML
/// for the HTML book, Markdown for the EPUB), and, for the HTML book, the
/// script after the last one.
pub fn expand(root: &Path, markdown: &str, html: bool) -> Result<String, String> {
    let found = directives(markdown);
    if found.is_empty() {
        return Ok(markdown.to_string());
    }
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for (range, name) in &found {
        let model = Schedule::load(root, name)?;
        let outputs = model
            .explore()
            .map_err(|e| format!("{}: {e}", Schedule::file(name).display()))?;
        let order = model.order(root, &outputs)?;
        out += &markdown[last..range.start];
        out += &if html {
            model.html(&outputs, &order)
        } else {
            model.plain(&outputs, &order)
        };
        last = range.end;
    }
    out += &markdown[last..];
    if html {
        out += "\n<script>\n";
        out += SCRIPT;
        out += "</script>\n";
    }
    Ok(out)
}

impl Schedule {
    /// The outputs in the order the loom model's report lists them. The
    /// figure says its steps print exactly those: if they print others, or
    /// miss some, the build fails (the drift guard says which).
    fn order(&self, root: &Path, outputs: &Outputs) -> Result<Vec<String>, String> {
        let report = Path::new(crate::OUTPUT_DIR).join(format!("{}.txt", self.model));
        let listed = std::fs::read_to_string(root.join(&report))
            .map_err(|e| format!("{}: {e}", report.display()))
            .and_then(|r| listed_outputs(&r).map_err(|e| format!("{}: {e}", report.display())))?;
        let same = listed.len() == outputs.len() && listed.iter().all(|o| outputs.contains_key(o));
        if !same {
            return Err(format!(
                "{}: its steps do not print exactly the outputs {} lists (the drift guard \
                 \"every figure to schedule reaches exactly the outputs its loom model lists\" \
                 says which)",
                Schedule::file(&self.model).display(),
                report.display()
            ));
        }
        Ok(listed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(when: bool) -> Schedule {
        let act = if when {
            r#"{ label = "act", run = "seats_left = seats_left - 1", when = "free" }"#
        } else {
            r#"{ label = "act", run = "seats_left = seats_left - 1" }"#
        };
        let text = format!(
            r#"listing = "ch01-04-check-then-act"
title = "t"
shared = {{ seats_left = 1 }}
end = ["ana: {{ana.free}}", "ben: {{ben.free}}", "left: {{seats_left}}"]
[[thread]]
name = "ana"
steps = [{{ label = "check", run = "free = seats_left > 0" }}, {act}]
[[thread]]
name = "ben"
steps = [{{ label = "check", run = "free = seats_left > 0" }}, {act}]
"#
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn the_booking_reaches_three_outputs() {
        let outputs = booking(true).explore().unwrap();
        let keys: Vec<&str> = outputs.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "ana: false\nben: true\nleft: 0\n",
                "ana: true\nben: false\nleft: 0\n",
                "ana: true\nben: true\nleft: -1\n",
            ]
        );
        // The first schedule found for the lost booking: both check first.
        assert_eq!(outputs["ana: true\nben: true\nleft: -1\n"], [0, 1, 0, 1]);
        assert_eq!(outputs["ana: true\nben: false\nleft: 0\n"], [0, 0, 1]);
    }

    #[test]
    fn the_figure_holds_its_data_and_every_output_with_a_schedule() {
        let mut model = booking(true);
        model.model = "ch01-05-every-booking".into();
        let outputs = model.explore().unwrap();
        let order: Vec<String> = outputs.keys().cloned().collect();
        let html = model.html(&outputs, &order);
        assert!(html.contains(r#""threads":[{"name":"ana""#), "{html}");
        assert!(html.contains(r#"<li id="schedule-ch01-05-every-booking-3"><pre class="schedule-printed"><code>ana: true
ben: true
left: -1</code></pre>"#), "{html}");
        assert!(html.contains("One schedule: ana, ben, ana, ben."), "{html}");
        assert!(
            html.contains("exactly the 3 that loom lists for listing 1.5"),
            "{html}"
        );
        assert!(!html.contains("<details"), "{html}");
        // A longer list is folded; an empty line cannot end the HTML block.
        let many: Vec<String> = (0..=FOLD_ABOVE).map(|i| format!("{i}\n\nx\n")).collect();
        let outputs: Outputs = many.iter().map(|o| (o.clone(), vec![0])).collect();
        let html = model.html(&outputs, &many);
        assert!(html.contains("<summary>The 9 outputs, each with one schedule</summary>"));
        assert!(!html.contains("\n\n"), "{html}");
        let plain = model.plain(&outputs, &many);
        assert!(
            plain.contains("9. One schedule: ana.\n\n    ```text\n    8\n    \n    x\n    ```"),
            "{plain}"
        );
    }

    #[test]
    fn without_when_the_act_always_runs() {
        let outputs = booking(false).explore().unwrap();
        assert!(
            outputs.keys().all(|o| o.ends_with("left: -1\n")),
            "{outputs:?}"
        );
    }

    #[test]
    fn a_channel_keeps_the_order_of_sends() {
        let model: Schedule = toml::from_str(
            r#"listing = "ch04-05-x"
title = "t"
channels = ["c"]
[[thread]]
name = "p"
steps = [{ label = "a", run = "send c \"1\"" }, { label = "b", run = "send c \"2\"" }]
[[thread]]
name = "main"
steps = [{ label = "r", run = "recv c \"got {}\"" }, { label = "r", run = "recv c \"got {}\"" }, { label = "x", run = "print \"done\"" }]
"#,
        )
        .unwrap();
        let outputs = model.explore().unwrap();
        assert_eq!(outputs.keys().collect::<Vec<_>>(), ["got 1\ngot 2\ndone\n"]);
    }

    #[test]
    fn a_deadlock_is_an_error() {
        let model: Schedule = toml::from_str(
            r#"listing = "x"
title = "t"
channels = ["c"]
[[thread]]
name = "main"
steps = [{ label = "r", run = "recv c \"{}\"" }]
"#,
        )
        .unwrap();
        let e = model.explore().unwrap_err();
        assert!(
            e.contains("no thread can run, and `main` has not finished"),
            "{e}"
        );
    }

    #[test]
    fn statements_parse_or_say_why() {
        assert!(
            Op::parse("x = y * 2")
                .unwrap_err()
                .contains("`+`, `-` or `>`")
        );
        assert!(
            Op::parse("recv c \"no hole\"")
                .unwrap_err()
                .contains("once")
        );
        assert_eq!(
            Op::parse("send c \"a b\"").unwrap(),
            Op::Send {
                channel: "c".into(),
                text: "a b".into()
            }
        );
    }

    #[test]
    fn listed_outputs_keep_the_report_order() {
        let report = "running 1 test\n2 possible outputs:\n\nb\n\na\nz\n.\ntest result: ok\n";
        assert_eq!(listed_outputs(report).unwrap(), ["b\n", "a\nz\n"]);
        assert!(listed_outputs("1 possible outputs:\n\na\n\nb\n").is_err());
    }

    #[test]
    fn directives_are_found_outside_code() {
        let md =
            "Text {{#schedule a-b}} and\n\n```text\n{{#schedule not-me}}\n```\n\n{{#schedule c}}\n";
        let names: Vec<String> = directives(md).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["a-b", "c"]);
    }
}
