// @ts-nocheck
// Open (or comment on) one issue per failed stack, labelled `<operation>-failed`: the notification of a
// failed deploy or rollback. Called from the workflows' `notify` jobs through actions/github-script:
//   require(`${process.env.GITHUB_WORKSPACE}/.github/scripts/failure-issue.js`)({ github, context }, {...})
module.exports = async function failureIssue({ github, context }, { operation, stacks, advice }) {
  const { owner, repo } = context.repo;
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  const label = `${operation}-failed`;
  const open = await github.paginate(github.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    labels: label,
    per_page: 100,
  });
  for (const stack of stacks) {
    const title = `${operation} of ${stack} failed`;
    const body =
      `The ${operation} of **${stack}** failed in [run ${context.runId}](${runUrl}) (commit ${context.sha}). ` +
      `The failing step ends with the engine's output; the run's summary and the uploaded report say what was ` +
      `done and what was rolled back. ${advice}`;
    const existing = open.find((i) => i.title === title);
    if (existing)
      await github.rest.issues.createComment({ owner, repo, issue_number: existing.number, body });
    else await github.rest.issues.create({ owner, repo, title, body, labels: [label] });
  }
};
