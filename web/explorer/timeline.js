// The timeline under the graph: a histogram of the claims in view by
// publication date, a window dragged over it that filters the graph to the
// claims inside it, and a play button that steps the window forward, so an
// analyst watches an attribution form. The window is the view's date range
// (filters.from/to), so it is in the URL like the date inputs.
//
// The pure parts (bins, window arithmetic) are exported for unit tests; the
// DOM part is createTimeline.

const DAY = 86_400_000;

/** toDay turns a YYYY-MM-DD string into a day number (UTC), NaN if not one. */
export function toDay(s) {
  if (!/^\d{4}-\d{2}-\d{2}/.test(s || '')) return NaN;
  return Math.floor(Date.parse(`${s.slice(0, 10)}T00:00:00Z`) / DAY);
}

/** fromDay turns a day number into YYYY-MM-DD. */
export function fromDay(d) {
  return new Date(d * DAY).toISOString().slice(0, 10);
}

/**
 * bins counts days (YYYY-MM-DD strings) into at most maxBins equal bins
 * spanning [first, last]: { start, width, counts } in day numbers. It is
 * null when there is no valid day.
 */
export function bins(days, maxBins = 60) {
  const ds = days.map(toDay).filter(Number.isFinite);
  if (ds.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of ds) {
    lo = Math.min(lo, d);
    hi = Math.max(hi, d);
  }
  const width = Math.max(1, Math.ceil((hi - lo + 1) / maxBins));
  const n = Math.max(1, Math.ceil((hi - lo + 1) / width));
  const counts = new Array(n).fill(0);
  for (const d of ds) counts[Math.min(n - 1, Math.floor((d - lo) / width))]++;
  return { start: lo, width, counts };
}

/**
 * stepWindow moves a window [from, to] (day numbers) forward by its own
 * length; at the end of [start, end] it returns null.
 */
export function stepWindow(from, to, end) {
  if (to >= end) return null;
  const len = to - from + 1;
  const next = Math.min(to + len, end);
  return [next - len + 1, next];
}

/**
 * createTimeline draws the timeline in container. onWindow(from, to) is
 * called with YYYY-MM-DD strings ('' for no bound) when the analyst drags,
 * plays or clears the window.
 */
export function createTimeline(container, { onWindow }) {
  const svgNS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNS, 'svg');
  svg.setAttribute('class', 'timeline-chart');
  svg.setAttribute('data-testid', 'timeline-chart');
  svg.setAttribute('role', 'img');
  const bars = document.createElementNS(svgNS, 'g');
  const brush = document.createElementNS(svgNS, 'rect');
  brush.setAttribute('class', 'timeline-window');
  brush.setAttribute('data-testid', 'timeline-window');
  svg.append(bars, brush);
  const play = document.createElement('button');
  play.type = 'button';
  play.textContent = '▶';
  play.title = 'Play: step the window forward';
  play.setAttribute('data-testid', 'timeline-play');
  const clear = document.createElement('button');
  clear.type = 'button';
  clear.textContent = 'All dates';
  clear.setAttribute('data-testid', 'timeline-clear');
  const label = document.createElement('span');
  label.className = 'timeline-label muted';
  label.setAttribute('data-testid', 'timeline-label');
  const controls = document.createElement('div');
  controls.className = 'timeline-controls';
  controls.append(play, clear, label);
  container.append(controls, svg);

  let hist = null; // the bins drawn
  let win = null; // [from, to] in day numbers, or null
  let timer = null;

  const span = () => (hist ? [hist.start, hist.start + hist.counts.length * hist.width - 1] : null);
  const width = () => svg.clientWidth || 600;
  const xOf = (d) => {
    const [a, b] = span();
    return ((d - a) / (b - a + 1)) * width();
  };
  const dayAt = (x) => {
    const [a, b] = span();
    return Math.max(a, Math.min(b, a + Math.floor((x / width()) * (b - a + 1))));
  };

  function draw() {
    bars.replaceChildren();
    svg.classList.toggle('empty', !hist);
    if (!hist) {
      brush.setAttribute('width', '0');
      label.textContent = 'no dated claims in view';
      return;
    }
    const h = svg.clientHeight || 48;
    const max = Math.max(...hist.counts);
    const bw = width() / hist.counts.length;
    hist.counts.forEach((c, i) => {
      const r = document.createElementNS(svgNS, 'rect');
      const bh = c ? Math.max(2, (c / max) * (h - 4)) : 0;
      r.setAttribute('x', String(i * bw + 1));
      r.setAttribute('width', String(Math.max(1, bw - 2)));
      r.setAttribute('y', String(h - bh));
      r.setAttribute('height', String(bh));
      r.setAttribute('class', 'timeline-bar');
      const from = hist.start + i * hist.width;
      const t = document.createElementNS(svgNS, 'title');
      t.textContent = `${fromDay(from)}${hist.width > 1 ? ` – ${fromDay(from + hist.width - 1)}` : ''}: ${c} claim${c === 1 ? '' : 's'}`;
      r.append(t);
      bars.append(r);
    });
    if (win) {
      const x0 = xOf(win[0]);
      const x1 = xOf(win[1] + 1);
      brush.setAttribute('x', String(x0));
      brush.setAttribute('width', String(Math.max(2, x1 - x0)));
      brush.setAttribute('y', '0');
      brush.setAttribute('height', String(h));
      label.textContent = `${fromDay(win[0])} – ${fromDay(win[1])}`;
    } else {
      brush.setAttribute('width', '0');
      const [a, b] = span();
      label.textContent = `${fromDay(a)} – ${fromDay(b)}: drag over the chart to pick a window`;
    }
    play.disabled = false;
  }

  function emit() {
    onWindow(win ? fromDay(win[0]) : '', win ? fromDay(win[1]) : '');
    draw();
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = '▶';
    play.setAttribute('aria-pressed', 'false');
  }

  play.addEventListener('click', () => {
    if (timer) return stop();
    if (!hist) return;
    const [a, b] = span();
    if (!win || win[1] >= b) {
      // start with a window of a sixth of the span at its beginning
      const len = Math.max(1, Math.round((b - a + 1) / 6));
      win = [a, Math.min(b, a + len - 1)];
      emit();
    }
    play.textContent = '❚❚';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(() => {
      const next = win && stepWindow(win[0], win[1], span()[1]);
      if (!next) return stop();
      win = next;
      emit();
    }, 900);
  });
  clear.addEventListener('click', () => {
    stop();
    win = null;
    emit();
  });

  // Dragging: on the window moves it, elsewhere draws a new one.
  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    if (!hist) return;
    stop();
    const x = e.offsetX;
    const d = dayAt(x);
    if (win && d >= win[0] && d <= win[1]) drag = { mode: 'move', at: d, win: [...win] };
    else drag = { mode: 'new', at: d };
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const d = dayAt(e.offsetX);
    const [a, b] = span();
    if (drag.mode === 'new') {
      win = [Math.min(drag.at, d), Math.max(drag.at, d)];
    } else {
      const len = drag.win[1] - drag.win[0];
      const from = Math.max(a, Math.min(b - len, drag.win[0] + d - drag.at));
      win = [from, from + len];
    }
    draw();
  });
  svg.addEventListener('pointerup', () => {
    if (!drag) return;
    drag = null;
    emit();
  });
  new ResizeObserver(() => draw()).observe(svg);

  return {
    /** update draws the histogram of the given claim days. */
    update(days) {
      hist = bins(days);
      draw();
    },
    /** setWindow shows the view's date range (YYYY-MM-DD or ''). */
    setWindow(from, to) {
      const f = toDay(from);
      const t = toDay(to);
      if (!Number.isFinite(f) && !Number.isFinite(t)) win = null;
      else if (hist) {
        const [a, b] = span();
        win = [Number.isFinite(f) ? f : a, Number.isFinite(t) ? t : b];
      } else win = [Number.isFinite(f) ? f : t, Number.isFinite(t) ? t : f];
      draw();
    },
    /** playing reports whether play is on. */
    playing: () => timer !== null,
  };
}
