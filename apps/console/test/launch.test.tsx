/** The launch form: form ⇄ YAML round trip, live counts, validation messages at the field. */
import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within, fireEvent } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider } from 'urql';
import { dryRun, normalizeSpec, parseSweepSpec } from '@emosweep/sweeps';
import { LaunchEditor, type DatasetOption } from '../src/pages/launch/LaunchEditor';
import { presetDraft } from '../src/lib/draft';
import { mockClient, type Handler } from './mock-client';

const GROUPS = ['Session1', 'Session2', 'Session3', 'Session4', 'Session5'];
const DATASETS: DatasetOption[] = [{ id: 'ds1', name: 'iemocap (iemocap, 4)', choice: { format: 'iemocap', root: '/data/IEMOCAP_full_release', classes: 4 }, groups: GROUPS, total: 5531 }];

/** The API's dryRunSweep, simulated with the same library (knows the dataset's groups). */
const apiDryRun: Handler = (v) => {
  try {
    const spec = parseSweepSpec(String(v.spec));
    const r = dryRun(spec, GROUPS);
    return { data: { dryRunSweep: { __typename: 'DryRun', ...r, heldOut: r.heldOut ?? null, estimatedSeconds: null, dropped: r.dropped.map((d) => ({ kind: d.kind, reason: d.reason })), featureSets: r.featureSets.map((f) => ({ ...f, key: null, exists: f.representation === 'mfcc' })) } } };
  } catch (e) {
    return { errors: [{ message: (e as Error).message, extensions: { code: 'BAD_USER_INPUT' } }] };
  }
};

function setup(handlers: Record<string, Handler> = {}, onLaunched = vi.fn()) {
  const calls: { name: string; variables: Record<string, unknown> }[] = [];
  const client = mockClient({ DryRunSweep: apiDryRun, ...handlers }, calls);
  const user = userEvent.setup();
  render(
    <Provider value={client}>
      <LaunchEditor datasets={DATASETS} onLaunched={onLaunched} />
    </Provider>,
  );
  return { user, calls, onLaunched };
}

const counts = () => ({
  trials: screen.getByTestId('count-trials').textContent,
  folds: screen.getByTestId('count-folds').textContent,
  foldRuns: screen.getByTestId('count-foldruns').textContent,
});

function yamlBox() {
  return screen.getByLabelText('Sweep spec YAML') as HTMLTextAreaElement;
}

describe('launch form: counts', () => {
  it('shows trials × folds for the preset and updates them as axes change', async () => {
    const { user, calls } = setup();
    // quick-check: mfcc + melspec × lstm × 1 lr × seqLen 50 → 2 trials; 5 sessions
    expect(counts()).toEqual({ trials: '2', folds: '5', foldRuns: '10' });
    expect(screen.getByTestId('feature-sets')).toHaveTextContent('mfcc');
    expect(screen.getByTestId('feature-sets')).toHaveTextContent('melspec');

    await user.click(screen.getByRole('button', { name: '100' })); // seqLen chip
    expect(counts()).toEqual({ trials: '4', folds: '5', foldRuns: '20' });

    await user.click(screen.getByRole('button', { name: '1e-4' })); // lr chip
    expect(counts()).toEqual({ trials: '8', folds: '5', foldRuns: '40' });

    await user.click(within(screen.getByRole('group', { name: 'Representation' })).getByLabelText('wav2vec'));
    expect(counts().trials).toBe('12');
    expect(screen.getByTestId('feature-sets')).toHaveTextContent('wav2vec');
    await user.type(screen.getByLabelText('wav2vec 2.0 weights'), '/models/wav2vec2-base');

    // the API is asked too (debounced) and confirms; it knows which feature sets are cached
    await waitFor(() => expect(screen.getByTestId('counts')).toHaveTextContent('Checked by the API'), { timeout: 3000 });
    expect(within(screen.getByTestId('feature-sets')).getByText('mfcc').closest('li')).toHaveTextContent('cached');
    expect(within(screen.getByTestId('feature-sets')).getByText('melspec').closest('li')).not.toHaveTextContent('cached');
    const last = calls.filter((c) => c.name === 'DryRunSweep').at(-1)!;
    expect(parseSweepSpec(String(last.variables.spec)).grid.seqLen).toEqual([50, 100]);
  });

  it('counts the dropped and collapsed grid points (mlp only on pooled)', async () => {
    const { user } = setup();
    const reps = screen.getByRole('group', { name: 'Representation' });
    await user.click(within(reps).getByLabelText('pooled'));
    await user.click(within(screen.getByRole('group', { name: 'Model' })).getByLabelText('mlp (V0)'));
    // (mfcc, melspec) × lstm + pooled × mlp = 3 trials of the 3 × 2 = 6-point grid
    expect(counts().trials).toBe('3');
    expect(screen.getByTestId('counts')).toHaveTextContent('grid of 6 points');
    expect(screen.getByTestId('counts')).toHaveTextContent('3 invalid combinations dropped');
  });

  it('applies the study presets', async () => {
    const { user } = setup();
    await user.selectOptions(screen.getByLabelText('Preset'), 'study-seqlen');
    // {melspec, mfcc, wav2vec} × seqLen {10, 50, 100, 150, 200} = 15 trials × 5 sessions
    expect(counts()).toEqual({ trials: '15', folds: '5', foldRuns: '75' });
    // wav2vec needs weights: the form asks for them at the field
    expect(screen.getByLabelText('wav2vec 2.0 weights')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('launch form: YAML round trip', () => {
  it('form edits appear in the YAML, and the YAML parses back to the same spec', async () => {
    const { user } = setup();
    const epochs = screen.getByLabelText('Epochs');
    await user.clear(epochs);
    await user.type(epochs, '7');
    await user.click(screen.getByRole('button', { name: '150' }));
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    const text = yamlBox().value;
    expect(text).toMatch(/epochs: 7/);
    expect(text).toMatch(/seqLen: \[ ?50, 150 ?\]/);
    const spec = parseSweepSpec(text);
    expect(spec).toEqual(normalizeSpec({ ...presetDraft('quick-check', DATASETS[0].choice), training: { ...presetDraft('quick-check').training as object, epochs: 7 }, grid: { ...presetDraft('quick-check').grid as object, seqLen: [50, 150] } }));
  });

  it('YAML edits update the form fields and the counts', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    const text = yamlBox().value.replace(/seqLen: \[.*\]/, 'seqLen: [10, 50, 100]').replace(/epochs: \d+/, 'epochs: 12').replace(/name: .*/, 'name: from-yaml');
    fireEvent.change(yamlBox(), { target: { value: text } });
    expect(counts().trials).toBe('6');
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByLabelText('Epochs')).toHaveValue('12');
    expect(screen.getByLabelText('Name')).toHaveValue('from-yaml');
    for (const v of ['10', '50', '100']) expect(screen.getByRole('button', { name: v })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: '150' })).toHaveAttribute('aria-pressed', 'false');
    // and back: the regenerated YAML is the canonical form of what was typed
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    expect(parseSweepSpec(yamlBox().value)).toEqual(parseSweepSpec(text));
  });

  it('reports YAML syntax errors with their line and keeps the form as it was', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    fireEvent.change(yamlBox(), { target: { value: 'name: x\ngrid: [unclosed\n' } });
    expect(await screen.findByText(/line \d+/)).toBeInTheDocument();
    expect(counts().trials).toBe('2');
  });

  it('places validation errors of the YAML on their line', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    const text = yamlBox().value.replace(/representation: \[.*\]/, 'representation: [mfc]');
    fireEvent.change(yamlBox(), { target: { value: text } });
    const line = text.split('\n').findIndex((l) => l.includes('[mfc]')) + 1;
    expect(screen.getByText(new RegExp(`line ${line}: grid.representation\\[0\\]: "mfc" is not one of`))).toBeInTheDocument();
  });
});

describe('launch form: validation at the field', () => {
  it('shows the shared validator’s message under the field and blocks launching', async () => {
    const { user } = setup();
    const epochs = screen.getByLabelText('Epochs');
    await user.clear(epochs);
    await user.type(epochs, '0');
    expect(epochs).toHaveAttribute('aria-invalid', 'true');
    const err = document.getElementById(epochs.getAttribute('aria-describedby')!.split(' ').at(-1)!)!;
    expect(err).toHaveTextContent('0 is not an integer from 1 to 1000');
    expect(screen.getByRole('button', { name: /^Launch/ })).toBeDisabled();
    await user.clear(epochs);
    await user.type(epochs, '3');
    expect(epochs).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('button', { name: /^Launch/ })).toBeEnabled();
  });

  it('an empty axis and an out-of-range value are reported on their axis', async () => {
    const { user } = setup();
    const reps = screen.getByRole('group', { name: 'Representation' });
    await user.click(within(reps).getByLabelText('mfcc'));
    await user.click(within(reps).getByLabelText('melspec'));
    expect(reps).toHaveTextContent('is empty; expected a non-empty list of representations');

    const lr = screen.getByRole('group', { name: 'Learning rate' });
    await user.type(within(lr).getByLabelText('learning rate'), '5{Enter}');
    expect(lr).toHaveTextContent('[1]: 5 is not a positive number ≤ 1');
    await user.type(within(lr).getByLabelText('learning rate'), 'abc{Enter}');
    expect(lr).toHaveTextContent('"abc" is not a number');
  });

  it('a bad name is reported at the name field', async () => {
    const { user } = setup();
    const name = screen.getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'bad name!');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name.closest('.field')).toHaveTextContent('is not 1–100 characters of letters');
  });

  it('errors the API returns for a field are shown at that field; success navigates', async () => {
    let fail = true;
    const onLaunched = vi.fn();
    const { user } = setup(
      {
        LaunchSweep: () =>
          fail
            ? { errors: [{ message: 'invalid sweep spec', extensions: { code: 'BAD_USER_INPUT', issues: [{ path: 'dataset.root', message: 'no IEMOCAP release at /data/IEMOCAP_full_release' }] } }] }
            : { data: { launchSweep: { id: 'sweep-1', name: 'quick-check', status: 'PENDING' } } },
      },
      onLaunched,
    );
    await user.click(screen.getByRole('button', { name: /^Launch/ }));
    const root = screen.getByLabelText('Root');
    await waitFor(() => expect(root).toHaveAttribute('aria-invalid', 'true'));
    expect(root.closest('.field')).toHaveTextContent('no IEMOCAP release at');
    fail = false;
    await user.click(screen.getByRole('button', { name: /^Launch/ }));
    await waitFor(() => expect(onLaunched).toHaveBeenCalledWith('sweep-1'));
  });

  it('is usable with the keyboard: tabs move with the arrow keys', async () => {
    const { user } = setup();
    screen.getByRole('tab', { name: 'Form' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tab', { name: 'YAML' })).toHaveFocus();
  });
});
