// "Be the scheduler" (issue 22): builds each figure's .schedule from its data;
// bookSchedule.explore(data) lists every output with the same step function.
// Semantics: crates/book-model/src/schedule.rs. Inlined in every chapter
// that has a figure: in print.html only the first copy acts.
(() => {
  if (window.bookSchedule) return;
  const has = Object.hasOwn;
  const words = (run) => run.match(/"[^"]*"|\S+/g);
  const fill = (s, value) => s.replace(/\{([^{}]*)\}/g, (_, n) => String(value(n)));

  // The model's state machine: the UI and explore share it.
  const machine = (d) => {
    const fail = (why) => { throw new Error(`schedule ${d.model}: ${why}`); };
    const get = (o, k) => (has(o, k) ? o[k] : fail(`${k} is unset`));
    const steps = (i) => d.threads[i].steps;
    // The pc moves past the steps whose `when` local is not true.
    const skip = (st, i) => {
      const t = st.th[i], s = steps(i);
      while (t.pc < s.length && s[t.pc].when && t.loc[s[t.pc].when] !== true) t.did[t.pc++] = "skipped";
    };
    const start = () => {
      const st = { sh: { ...d.shared }, ch: {}, th: d.threads.map(() => ({ pc: 0, loc: {}, did: [] })), out: "", order: [] };
      for (const c of d.channels || []) st.ch[c] = [];
      d.threads.forEach((_, i) => skip(st, i));
      return st;
    };
    const finished = (st) => st.th.every((t, i) => t.pc === steps(i).length);
    // Why thread i cannot run ("" when it can).
    const why = (st, i) => {
      const s = steps(i)[st.th[i].pc];
      if (!s) return "finished";
      const w = words(s.run);
      return w[0] === "recv" && !get(st.ch, w[1]).length ? `waits: ${w[1]} is empty` : "";
    };
    const term = (st, i, w) =>
      /^-?\d+$/.test(w) ? Number(w) : w === "true" || w === "false" ? w === "true" : get(has(st.sh, w) ? st.sh : st.th[i].loc, w);
    // Runs the next step of thread i, which must be able to run.
    const step = (st, i) => {
      const t = st.th[i], w = words(steps(i)[t.pc].run), text = (k) => w[k].slice(1, -1);
      if (w[0] === "send") get(st.ch, w[1]).push(text(2));
      else if (w[0] === "recv") st.out += text(2).split("{}").join(st.ch[w[1]].shift()) + "\n";
      else if (w[0] === "print") st.out += fill(text(1), (n) => term(st, i, n)) + "\n";
      else if (w[1] === "=") {
        let v = term(st, i, w[2]);
        const b = w[4] && term(st, i, w[4]), op = w[3];
        if (op) v = op === "+" ? v + b : op === "-" ? v - b : v > b;
        (has(st.sh, w[0]) ? st.sh : t.loc)[w[0]] = v;
      }
      t.did[t.pc++] = "done";
      st.order.push(d.threads[i].name);
      skip(st, i);
      if (!finished(st)) return;
      for (const line of d.end || []) {
        st.out += fill(line, (n) => {
          const dot = n.lastIndexOf("."), th = d.threads.findIndex((x) => x.name === n.slice(0, dot));
          return dot < 0 ? get(st.sh, n) : get(th < 0 ? {} : st.th[th].loc, n.slice(dot + 1));
        }) + "\n";
      }
    };
    const enabled = (st) => {
      const e = d.threads.map((_, i) => i).filter((i) => !why(st, i));
      return e.length || finished(st) ? e : fail("deadlock");
    };
    return { start, finished, why, step, enabled };
  };

  // Every output of every schedule, sorted; a state met again (the same
  // values, each thread's locals taken in the order of their names) is not
  // explored again.
  const explore = (d) => {
    const { start, finished, step, enabled } = machine(d), outs = new Set(), seen = new Set();
    const go = (st) => {
      const key = JSON.stringify([st.sh, st.ch, st.th.map((t) => [t.pc, Object.entries(t.loc).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]), st.out]);
      if (seen.has(key)) return;
      seen.add(key);
      if (finished(st)) outs.add(st.out);
      for (const i of enabled(st)) {
        const next = structuredClone(st);
        step(next, i);
        go(next);
      }
    };
    go(start());
    return [...outs].sort();
  };
  window.bookSchedule = { explore };

  const el = (tag, cls, content, click) => {
    const e = document.createElement(tag);
    e.className = cls;
    if (content !== undefined) e.textContent = content;
    if (click) e.addEventListener("click", click);
    return e;
  };
  const show = (v) => (typeof v === "string" ? `"${v}"` : String(v));
  const pairs = (o) => Object.entries(o).map(([k, v]) => `${k} = ${show(v)}`).join(", ");

  const build = (fig) => {
    const box = fig.querySelector(".schedule"), src = fig.querySelector(".schedule-data");
    if (!box || !src || box.childElementCount) return;
    const d = JSON.parse(src.textContent), n = d.outputs.length, { start, finished, why, step, enabled } = machine(d);
    const items = fig.querySelectorAll(".schedule-list > li"), reached = new Set();
    let st = start();
    const grid = el("div", "schedule-threads");
    const cols = d.threads.map((th, i) => {
      const ol = el("ol", "schedule-thread-steps"), note = el("span", "schedule-why");
      const lis = th.steps.map((s) => {
        const li = el("li", ""), state = el("span", "schedule-state");
        li.append(state, s.when ? `${s.label} (skipped unless ${s.when} is true)` : s.label);
        ol.append(li);
        return { li, state };
      });
      const run = el("button", "", `Run ${th.name}`, () => {
        // Say what the step did, not only its label: the status is what a
        // screen reader announces.
        const t = st.th[i], pc = t.pc, s = th.steps[pc], w = words(s.run), before = st.out.length;
        let said = `${th.name} ran: ${s.label}`;
        act(() => step(st, i), () => {
          if (w[1] === "=") said += `; ${w[0]} is now ${show(has(st.sh, w[0]) ? st.sh[w[0]] : t.loc[w[0]])}`;
          const printed = st.out.slice(before).split("\n").filter(Boolean);
          if (printed.length) said += `; printed ${printed.map(show).join(", ")}`;
          if (t.did.slice(pc + 1).includes("skipped")) said += "; its next step is skipped";
          if (t.pc === th.steps.length) said += `; ${th.name} has finished`;
          return `${said}.`;
        });
      });
      note.id = `${fig.id}-why-${i}`;
      run.setAttribute("aria-describedby", note.id);
      const col = el("div", "schedule-thread"), locals = el("p", "schedule-locals"), p = el("p", "");
      p.append(run, " ", note);
      const name = el("p", "schedule-name", th.name);
      name.id = `${fig.id}-name-${i}`;
      ol.setAttribute("aria-labelledby", name.id);
      col.append(name, ol, locals, p);
      grid.append(col);
      return { lis, locals, run, note, assigns: th.steps.some((s) => words(s.run)[1] === "=" && !has(d.shared || {}, words(s.run)[0])) };
    });
    const shared = el("p", ""), label = el("p", ""), out = el("pre", "schedule-output"), order = el("p", "");
    const status = el("p", "schedule-status");
    status.setAttribute("role", "status");
    const random = el("button", "", "Random schedule", () =>
      act(() => {
        while (!finished(st)) {
          const e = enabled(st);
          step(st, e[Math.floor(Math.random() * e.length)]);
        }
      }, "Random choices ran the rest of the run to the end."));
    const again = el("button", "", "Start again", () => {
      st = start();
      render("A new run: every thread is at its first step.");
    });
    const controls = el("p", "");
    controls.append(random, " ", again);
    box.append(el("p", "", "You are the scheduler: pick which thread runs its next step."), grid, shared, label, out, order, status, controls);

    const act = (run, say) => {
      run();
      const said = typeof say === "function" ? say() : say;
      if (!finished(st)) return render(said);
      const k = d.outputs.indexOf(st.out), li = items[k];
      if (k < 0) return render(`${said} Every thread has finished, with an output the list does not hold.`);
      reached.add(k);
      if (li && !li.classList.contains("schedule-reached")) {
        li.classList.add("schedule-reached");
        li.prepend(el("p", "schedule-mark", "✓ reached"));
      }
      // A folded list opens, so that the mark can be seen.
      li?.closest("details")?.setAttribute("open", "");
      render(`${said} Every thread has finished: this is output ${k + 1} of ${n} in the list below. You have reached ${reached.size} of the ${n}.`);
    };
    const render = (said) => {
      const focused = document.activeElement;
      cols.forEach((c, i) => {
        const t = st.th[i], reason = why(st, i);
        c.lis.forEach(({ li, state }, k) => {
          const s = k < t.pc ? t.did[k] : k === t.pc ? (reason ? "waiting" : "next") : "";
          li.className = s && `schedule-${s}`;
          state.textContent = s && `${s}: `;
        });
        c.locals.textContent = `Locals: ${pairs(t.loc) || "none yet"}`;
        // Only for a thread that assigns locals: "none yet" on a thread
        // that never will would promise values that never come.
        c.locals.hidden = !c.assigns;
        c.run.disabled = !!reason;
        c.note.textContent = reason;
      });
      const queues = Object.entries(st.ch).map(([c, q]) => `channel ${c}: ${q.length ? q.map(show).join(", ") + " (front first)" : "empty"}`);
      shared.textContent = `Shared: ${[pairs(st.sh), ...queues].filter(Boolean).join("; ")}`;
      label.textContent = st.out ? "Output so far:" : "Output so far: nothing yet.";
      out.textContent = st.out;
      out.hidden = !st.out;
      order.textContent = `Schedule so far: ${st.order.join(", ") || "no step yet"}.`;
      random.disabled = finished(st);
      status.textContent = said;
      // A button this step disabled hands the focus on to the next one that works.
      if (focused && focused.disabled && box.contains(focused)) {
        const live = [...cols.map((c) => c.run), random].filter((b) => !b.disabled);
        (live.find((b) => focused.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) || live[0] || again).focus();
      }
    };
    render("No step yet: pick a thread to run.");
    box.hidden = false;
  };
  const buildAll = () => document.querySelectorAll(".figure-schedule").forEach(build);
  // A reader's print gets every folded list of outputs open.
  window.addEventListener("beforeprint", () =>
    document.querySelectorAll(".figure-schedule details:not([open])").forEach((x) => {
      x.open = true;
      x.dataset.printOpened = "";
    }));
  window.addEventListener("afterprint", () =>
    document.querySelectorAll(".figure-schedule details[data-print-opened]").forEach((x) => {
      x.open = false;
      delete x.dataset.printOpened;
    }));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", buildAll);
  else buildAll();
})();
