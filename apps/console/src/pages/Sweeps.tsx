import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { SweepsQuery } from '../api/ops';
import { useAuth } from '../auth';
import type { RunStatus } from '../gql/graphql';
import { when } from '../lib/format';
import { Button, Card, Empty, ErrorState, Loading, PageHead, StatusBadge } from '../ui';

const STATUSES: RunStatus[] = ['RUNNING', 'PENDING', 'COMPLETED', 'FAILED', 'CANCELLED'];
const PAGE = 25;

export function SweepsPage() {
  const { canMutate } = useAuth();
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const [q, refetch] = useQuery({ query: SweepsQuery, variables: { first: PAGE, after, status: status || null } });
  const edges = q.data?.sweeps.edges ?? [];
  return (
    <>
      <PageHead
        title="Sweeps"
        sub="Every grid launched from here, the CLI or a schedule."
        actions={
          canMutate && (
            <Link className="btn primary" to="/launch">
              Launch a sweep
            </Link>
          )
        }
      />
      <Card
        title="All sweeps"
        actions={
          <>
            <label htmlFor="status-filter">Status</label>
            <select
              id="status-filter"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as RunStatus | '');
                setCursors([null]);
              }}
            >
              <option value="">any</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s.toLowerCase()}
                </option>
              ))}
            </select>
            <Button small onClick={() => refetch({ requestPolicy: 'network-only' })}>
              Refresh
            </Button>
          </>
        }
      >
        {q.error ? (
          <ErrorState error={q.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : q.fetching && !q.data ? (
          <Loading what="Loading sweeps" />
        ) : edges.length === 0 ? (
          <Empty title={status ? `No ${status.toLowerCase()} sweeps` : 'No sweeps yet'}>
            {canMutate ? <Link to="/launch">Launch the first one</Link> : <p>An operator can launch one; it will appear here.</p>}
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">Trials</th>
                    <th scope="col" className="num">Folds</th>
                    <th scope="col">Created</th>
                    <th scope="col">Finished</th>
                    <th scope="col">
                      <span className="sr-only">Links</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {edges.map(({ node: s }) => (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/sweeps/${s.id}`}>{s.name}</Link>
                      </td>
                      <td>
                        <StatusBadge status={s.status} />
                      </td>
                      <td className="num">{s.trialCount}</td>
                      <td className="num">{s.foldCount}</td>
                      <td>{when(s.createdAt)}</td>
                      <td>{when(s.finishedAt)}</td>
                      <td>
                        <Link to={`/sweeps/${s.id}/results`}>results</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="row" style={{ marginTop: 8 }}>
              <Button small disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Newer
              </Button>
              <Button small disabled={!q.data?.sweeps.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, q.data?.sweeps.pageInfo.endCursor ?? null])}>
                Older
              </Button>
            </div>
          </>
        )}
      </Card>
    </>
  );
}
