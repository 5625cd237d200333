using System.Net;
using System.Net.Http.Json;
using CsCheck;
using FluentAssertions;
using Npgsql;
using Skillgate.Modules.Points.Contracts;
using Skillgate.Tests.Infrastructure;
using Xunit;

namespace Skillgate.Tests.Points;

/// <summary>
/// Random sequences of completions, exam attempts, revocations, redemptions, rejections and replays of any earlier event,
/// run through the ledger's own functions against PostgreSQL and through a model written here from the rules: after every
/// event each balance equals the model's and the sum of its entries and is never negative; at the end the API reports the
/// same balances, and replaying every event again adds nothing. A refused redemption records nothing, so it is not an event
/// to replay: asked again later it is a new request, which may then succeed.
/// </summary>
public sealed class PointsLedgerPropertyTests(SkillgateFactory factory) : LearningTestBase(factory), IClassFixture<SkillgateFactory>
{
    private const int Price = 30;
    private const int Stock = 3;
    private const int Limit = 2;
    private const int DailyCap = 100;
    private static readonly DateTimeOffset At = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Kind: 0 complete, 1 exam, 2 revoke, 3 redeem, 4 reject, 5 replay. Value: hours or percent; Target: which earlier one.</summary>
    private sealed record Op(int Kind, int Person, int Course, int Value, int Target);

    [Fact]
    public async Task Balances_equal_their_entries_never_go_negative_and_replays_add_nothing()
    {
        var a = await ActorsAsync("PQ");
        var people = new[] { a.Org.EmployeeA, a.Org.EmployeeB, await PostIdAsync(a.Admin, "/api/v1/employees", new { employeeNo = "PQ3001", name = "王强", orgUnitId = a.Org.WorkshopA, positionId = a.Org.PositionA, hireDate = "2022-01-01" }) };
        var item = await ReadAsync<StoreItemDto>(await a.Hr.PostAsJsonAsync("/api/v1/points/store/items",
            new StoreItemInput("PQ-CARD", "购物卡", "shopping_card", Price, Stock, Limit, [], true)), HttpStatusCode.Created);
        var gen = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[55, 100], Gen.Int[0, 40], (k, p, c, v, t) => new Op(k, p, c, v, t)).Array[1, 30];
        await gen.SampleAsync(ops => RunAsync(a, people, item.Id, ops), iter: 40, threads: 1, print: ops => string.Join(" ", ops.Select(o => o.ToString())));
    }

    private async Task RunAsync(Actors a, Guid[] people, Guid item, Op[] ops)
    {
        await using var ds = App.OpenDataSource();
        await using var db = await ds.OpenConnectionAsync();
        await ExecAsync(db, "TRUNCATE points.redemption, points.entry, points.month_total");
        await ExecAsync(db, $"UPDATE points.item SET stock = {Stock} WHERE id = '{item}'");
        var model = new Model(people.Length);
        var done = new List<Applied>();
        foreach (var op in ops)
        {
            if (op.Kind == 5)
            {
                if (done.Count > 0)
                {
                    await ApplyAsync(db, people, item, done[op.Target % done.Count]);
                }
            }
            else
            {
                var applied = Prepare(op, model, done);
                if (applied is not null)
                {
                    await ApplyAsync(db, people, item, applied);
                    if (model.Apply(applied))
                    {
                        done.Add(applied);
                    }
                }
            }

            for (var p = 0; p < people.Length; p++)
            {
                var balance = await BalanceAsync(db, people[p]);
                balance.Should().BeGreaterThanOrEqualTo(0, "a balance never goes negative");
                balance.Should().Be(model.Balance[p], $"after {op} the ledger holds what the rules say");
            }
        }

        var entries = await CountEntriesAsync(db);
        foreach (var applied in done)
        {
            await ApplyAsync(db, people, item, applied);
        }

        (await CountEntriesAsync(db)).Should().Be(entries, "replaying every event again adds nothing");
        for (var p = 0; p < people.Length; p++)
        {
            (await ReadAsync<PointsAccountDto>(await a.Hr.GetAsync($"/api/v1/points/people/{people[p]}?pageSize=1"), HttpStatusCode.OK)).Balance.Should().Be(model.Balance[p]);
        }
    }

    /// <summary>An event with the ids it carries (a new completion, attempt or redemption has its own id; a replay reuses them).</summary>
    private sealed record Applied(Op Op, Guid Id, Guid? Target);

    private static Applied? Prepare(Op op, Model model, List<Applied> done) => op.Kind switch
    {
        2 => model.LatestCompletion(op.Person, op.Course) is { } completion ? new Applied(op, Guid.NewGuid(), completion) : null,
        4 => done.Where(d => d.Op.Kind == 3).ToList() is { Count: > 0 } redemptions ? new Applied(op, Guid.NewGuid(), redemptions[op.Target % redemptions.Count].Id) : null,
        _ => new Applied(op, Guid.NewGuid(), null),
    };

    private static async Task ApplyAsync(NpgsqlConnection db, Guid[] people, Guid item, Applied e)
    {
        var person = people[e.Op.Person];
        var course = new Guid(e.Op.Course + 1, 0, 0, new byte[8]);
        await using var cmd = db.CreateCommand();
        cmd.Parameters.AddWithValue("person", person);
        cmd.Parameters.AddWithValue("id", e.Id);
        cmd.Parameters.AddWithValue("at", At);
        cmd.Parameters.AddWithValue("day", DateOnly.FromDateTime(At.UtcDateTime));
        switch (e.Op.Kind)
        {
            case 0:
                cmd.CommandText = "SELECT points.award(@person, 'class_hours', 'completion', @id, NULL, @key, NULL, @hours, NULL, @at, @day, 'test', 'test')";
                cmd.Parameters.AddWithValue("key", $"completion:{course}:1:{person}");
                cmd.Parameters.AddWithValue("hours", (decimal)Hours(e.Op));
                break;
            case 1:
                cmd.CommandText = "SELECT points.award(@person, 'exam', 'attempt', @id, NULL, @key, NULL, NULL, @percent, @at, @day, 'test', 'test')";
                cmd.Parameters.AddWithValue("key", $"exam:{course}:{person}");
                cmd.Parameters.AddWithValue("percent", (decimal)e.Op.Value);
                break;
            case 2:
                cmd.CommandText = "SELECT points.reverse('completion', @target, @at, @day, 'revoked', 'test')";
                cmd.Parameters.AddWithValue("target", e.Target!.Value);
                break;
            case 3:
                cmd.CommandText = "SELECT points.redeem(@id, @item, @person, @at, @day, 'test')";
                cmd.Parameters.AddWithValue("item", item);
                break;
            default:
                cmd.CommandText = "SELECT points.reject_redemption(@target, 'rejected', @at, @day, 'test')";
                cmd.Parameters.AddWithValue("target", e.Target!.Value);
                break;
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private static int Hours(Op op) => 1 + (op.Value % 4);

    private static async Task<int> BalanceAsync(NpgsqlConnection db, Guid person)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT coalesce(sum(points), 0)::int FROM points.entry WHERE employee_id = @p";
        cmd.Parameters.AddWithValue("p", person);
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountEntriesAsync(NpgsqlConnection db)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM points.entry";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The rules as the article and the issue state them, kept in memory: what each event should do to the balances.</summary>
    private sealed class Model(int people)
    {
        private sealed record Paid(Guid Source, int Person, int Points)
        {
            public bool Reversed { get; set; }
        }

        private sealed record Redemption(Guid Id, int Person)
        {
            public bool Rejected { get; set; }
        }

        private readonly Dictionary<string, List<Paid>> _keys = [];
        private readonly Dictionary<(int, int), Guid> _latest = [];
        private readonly List<Redemption> _redemptions = [];
        private readonly int[] _classHoursToday = new int[people];
        private int _stock = Stock;

        public int[] Balance { get; } = new int[people];

        public Guid? LatestCompletion(int person, int course) => _latest.TryGetValue((person, course), out var id) ? id : null;

        /// <summary>Applies the event; false for a redemption the store refused (nothing was recorded).</summary>
        public bool Apply(Applied e)
        {
            var p = e.Op.Person;
            switch (e.Op.Kind)
            {
                case 0:
                    _latest[(p, e.Op.Course)] = e.Id;
                    if (Open($"c{e.Op.Course}:{p}"))
                    {
                        var granted = Math.Min(Hours(e.Op) * 5, Math.Max(DailyCap - _classHoursToday[p], 0));
                        Pay($"c{e.Op.Course}:{p}", new Paid(e.Id, p, granted));
                        _classHoursToday[p] += granted;
                    }

                    break;
                case 1:
                    if (Open($"e{e.Op.Course}:{p}"))
                    {
                        Pay($"e{e.Op.Course}:{p}", new Paid(e.Id, p, e.Op.Value >= 100 ? 20 : e.Op.Value >= 90 ? 15 : e.Op.Value >= 80 ? 10 : 0));
                    }

                    break;
                case 2:
                    foreach (var paid in _keys.Values.SelectMany(k => k).Where(x => x.Source == e.Target && x.Points > 0 && !x.Reversed))
                    {
                        var take = Math.Min(paid.Points, Math.Max(Balance[paid.Person], 0));
                        Balance[paid.Person] -= take;
                        _classHoursToday[paid.Person] -= take;
                        paid.Reversed = true;
                    }

                    break;
                case 3:
                    if (_stock > 0 && _redemptions.Count(r => r.Person == p && !r.Rejected) < Limit && Balance[p] >= Price)
                    {
                        _redemptions.Add(new Redemption(e.Id, p));
                        Balance[p] -= Price;
                        _stock--;
                        return true;
                    }

                    return false;
                default:
                    if (_redemptions.FirstOrDefault(r => r.Id == e.Target) is { Rejected: false } open)
                    {
                        open.Rejected = true;
                        Balance[open.Person] += Price;
                        _stock++;
                    }

                    break;
            }

            return true;
        }

        /// <summary>A key pays when nothing was paid under it yet, or everything paid under it was reversed.</summary>
        private bool Open(string key) => !_keys.TryGetValue(key, out var paid) || paid.All(x => x.Reversed);

        private void Pay(string key, Paid paid)
        {
            if (!_keys.TryGetValue(key, out var list))
            {
                _keys[key] = list = [];
            }

            list.Add(paid);
            Balance[paid.Person] += paid.Points;
        }
    }
}
