// Shown in a browser when the page URL lacks the token `deskfit serve` requires.
import '../../styles/shell.css';

export function MissingTokenScreen() {
  return (
    <main className="token-screen">
      <div className="token-card">
        <h1>Open the link from deskfit serve</h1>
        <p role="alert">
          This page needs the access token that <code>deskfit serve</code> printed when it started. Without it
          the server refuses the connection.
        </p>
        <p>
          Go back to the terminal where <code>deskfit serve</code> is running and open the full URL it
          printed; it ends in <code>?token=…</code>. If serve was restarted, the token changed: use the new
          URL.
        </p>
      </div>
    </main>
  );
}
