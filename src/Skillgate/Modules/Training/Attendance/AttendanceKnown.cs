using Dapper;
using Npgsql;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>What the database knows that a batch of attendance requests is judged against, read in one round trip.</summary>
internal sealed class Known
{
    public required Dictionary<Guid, SessionRow> Sessions { get; init; }

    public required HashSet<(Guid Session, Guid Employee)> Roster { get; init; }

    /// <summary>The existing check-in and check-out of each person in each session (grows as the batch is judged).</summary>
    public required Dictionary<(Guid Session, Guid Employee, string Kind), First> Records { get; init; }

    public required HashSet<string> Keys { get; init; }

    /// <summary>Who has used each phone in each session (grows as the batch is judged).</summary>
    public required Dictionary<(Guid Session, string Device), HashSet<Guid>> Devices { get; init; }

    /// <summary>Who checked in or out from each client in each session in this batch, and when (grows as the batch is judged).</summary>
    public Dictionary<(Guid Session, string Client), List<(Guid Employee, DateTimeOffset At)>> Clients { get; } = [];

    /// <summary>
    /// What the database knew of each (session, client, employee) of the batch: whether the employee had used the client in the
    /// session before, and whether someone else had within the window around the request.
    /// </summary>
    public Dictionary<(Guid Session, string Client, Guid Employee), (bool Own, bool Other)> ClientHistory { get; init; } = [];

    /// <summary>
    /// Whether someone else had already used this phone in the session before this employee first did: the phone's owner is
    /// not flagged for their own check-out after lending it, the borrower is flagged once.
    /// </summary>
    public bool DeviceUsedByOther(Guid session, string device, Guid employee) =>
        Devices.TryGetValue((session, device), out var users) && !users.Contains(employee) && users.Count > 0;

    /// <summary>
    /// Whether someone else used this client in the session within the window around this moment, before this employee ever
    /// did (as with phones, the first user of a client is not the one flagged).
    /// </summary>
    public bool ClientUsedByOther(Guid session, string client, Guid employee, DateTimeOffset at, TimeSpan window)
    {
        var stored = ClientHistory.GetValueOrDefault((session, client, employee));
        var batch = Clients.TryGetValue((session, client), out var uses) ? uses : [];
        return !stored.Own && batch.All(u => u.Employee != employee) && (stored.Other || batch.Any(u => (u.At - at).Duration() <= window));
    }

    public void AddClient(Guid session, string client, Guid employee, DateTimeOffset at)
    {
        if (!Clients.TryGetValue((session, client), out var uses))
        {
            Clients[(session, client)] = uses = [];
        }

        uses.Add((employee, at));
    }

    public void AddDevice(Guid session, string device, Guid employee)
    {
        if (!Devices.TryGetValue((session, device), out var users))
        {
            Devices[(session, device)] = users = [];
        }

        users.Add(employee);
    }

    public static async Task<Known> ReadAsync(NpgsqlConnection connection, IReadOnlyList<AttendanceRequest> requests, TimeSpan clientWindow, CancellationToken ct)
    {
        var pairs = requests.Select(r => (r.SessionId, r.EmployeeId)).Distinct().ToList();
        var phones = requests.Where(r => r.Device is not null).Select(r => (r.SessionId, Device: r.Device!)).Distinct().ToList();
        var clients = requests.Where(r => r.Client is not null).DistinctBy(r => (r.SessionId, r.Client, r.EmployeeId)).ToList();
        var args = new
        {
            sessions = requests.Select(r => r.SessionId).Distinct().ToArray(),
            pairSessions = pairs.Select(p => p.SessionId).ToArray(),
            pairEmployees = pairs.Select(p => p.EmployeeId).ToArray(),
            keys = requests.Select(r => r.IdempotencyKey).OfType<string>().Distinct().ToArray(),
            phoneSessions = phones.Select(p => p.SessionId).ToArray(),
            phoneDevices = phones.Select(p => p.Device).ToArray(),
            clientSessions = clients.Select(c => c.SessionId).ToArray(),
            clientIds = clients.Select(c => c.Client!).ToArray(),
            clientEmployees = clients.Select(c => c.EmployeeId).ToArray(),
            clientAts = clients.Select(c => c.At.UtcDateTime).ToArray(),
            clientWindow,
        };
        // Each pair is looked up through its index (LATERAL … OFFSET 0 keeps the planner from hash-joining a scan of the whole
        // attendance or participant table, which it prefers for a few hundred pairs and which grows with every session held).
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT id, title, status, starts_at, ends_at FROM training.session WHERE id = ANY(@sessions);
            SELECT p.session_id, p.employee_id FROM unnest(@pairSessions, @pairEmployees) AS x(session_id, employee_id)
            CROSS JOIN LATERAL (SELECT p.session_id, p.employee_id FROM training.participant p
                                WHERE p.session_id = x.session_id AND p.employee_id = x.employee_id AND p.status <> 'cancelled' OFFSET 0) p;
            SELECT a.session_id, a.employee_id, a.kind, a.at, a.flags FROM unnest(@pairSessions, @pairEmployees) AS x(session_id, employee_id)
            CROSS JOIN LATERAL (SELECT a.session_id, a.employee_id, a.kind, a.at, a.flags FROM training.attendance a
                                WHERE a.session_id = x.session_id AND a.employee_id = x.employee_id OFFSET 0) a;
            SELECT idempotency_key FROM training.attendance WHERE idempotency_key = ANY(@keys);
            SELECT DISTINCT a.session_id, a.device, a.employee_id FROM unnest(@phoneSessions, @phoneDevices) AS x(session_id, device)
            CROSS JOIN LATERAL (SELECT a.session_id, a.device, a.employee_id FROM training.attendance a
                                WHERE a.session_id = x.session_id AND a.device = x.device OFFSET 0) a;
            SELECT x.session_id, x.client, x.employee_id,
                   EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = x.session_id AND a.client = x.client AND a.employee_id = x.employee_id),
                   EXISTS (SELECT 1 FROM training.attendance a WHERE a.session_id = x.session_id AND a.client = x.client AND a.employee_id <> x.employee_id
                                                                 AND a.at BETWEEN x.at - @clientWindow AND x.at + @clientWindow)
            FROM unnest(@clientSessions, @clientIds, @clientEmployees, @clientAts) AS x(session_id, client, employee_id, at);
            """, args, cancellationToken: ct));
        var sessions = (await grid.ReadAsync<SessionData>()).ToDictionary(
            s => s.Id, s => new SessionRow(s.Title, s.Status, Utc(s.StartsAt), Utc(s.EndsAt)));
        var roster = (await grid.ReadAsync<(Guid, Guid)>()).ToHashSet();
        var records = (await grid.ReadAsync<RecordData>()).ToDictionary(r => (r.SessionId, r.EmployeeId, r.Kind), r => new First(Utc(r.At), r.Flags));
        var keys = (await grid.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var known = new Known { Sessions = sessions, Roster = roster, Records = records, Keys = keys, Devices = [] };
        foreach (var (session, device, employee) in await grid.ReadAsync<(Guid, string, Guid)>())
        {
            known.AddDevice(session, device, employee);
        }

        foreach (var (session, client, employee, own, other) in await grid.ReadAsync<(Guid, string, Guid, bool, bool)>())
        {
            known.ClientHistory[(session, client, employee)] = (own, other);
        }

        return known;
    }

    /// <summary>The record that won when another node wrote the same check-in (or idempotency key) at the same moment.</summary>
    public static async Task<AttendanceOutcome> ExistingAsync(NpgsqlConnection connection, AttendanceRequest r, string title, CancellationToken ct)
    {
        var first = await connection.QueryFirstAsync<RecordData>(new CommandDefinition(
            """
            SELECT session_id, employee_id, kind, at, flags FROM training.attendance
            WHERE (session_id = @SessionId AND employee_id = @EmployeeId AND kind = @Kind) OR idempotency_key = @IdempotencyKey
            """, r, cancellationToken: ct));
        return new AttendanceOutcome(null, title, Utc(first.At), first.Flags, true);
    }

    public sealed record SessionRow(string Title, string Status, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

    public sealed record First(DateTimeOffset At, IReadOnlyList<string> Flags);

    private sealed class SessionData
    {
        public Guid Id { get; init; }

        public required string Title { get; init; }

        public required string Status { get; init; }

        public DateTime StartsAt { get; init; }

        public DateTime EndsAt { get; init; }
    }

    private sealed class RecordData
    {
        public Guid SessionId { get; init; }

        public Guid EmployeeId { get; init; }

        public required string Kind { get; init; }

        public DateTime At { get; init; }

        public string[] Flags { get; init; } = [];
    }
}
