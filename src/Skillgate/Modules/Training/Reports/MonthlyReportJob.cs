using Dapper;
using Npgsql;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Notifications;

namespace Skillgate.Modules.Training.Reports;

/// <summary>
/// On the plant's first working day of a month (its standard calendar: holidays and make-up days, else Monday to Friday), each
/// department head who takes it (their preference) gets last month's report of the units in their scope by e-mail, in their
/// language, with the PDF attached — once: the month and the head make the message's key, and a head whose message is queued
/// is passed over by later runs. A report that fails is logged and tried again the next hour; the others still go.
/// </summary>
internal sealed class MonthlyReportJob(IServiceScopeFactory scopes, ILogger<MonthlyReportJob> logger) : IBackgroundJob
{
    public const string JobName = "monthly-report";

    public string Name => JobName;

    public TimeSpan Every => TimeSpan.FromHours(1);

    public bool DelayFirst => true;

    Task IBackgroundJob.RunOnceAsync(CancellationToken ct) => RunAsync(ct);

    /// <returns>How many reports were queued now (none on other days, or when this month's were queued already).</returns>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!services.GetRequiredService<DatabaseRuntime>().IsStarted)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetLocalNow().DateTime);
        if (today != await FirstWorkingDayAsync(services, today, ct))
        {
            return 0;
        }

        var mail = services.GetRequiredService<ReportMail>();
        if (!mail.Configured)
        {
            return 0;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "job:" + JobName);
        var month = MonthlyReport.MonthOf(today).AddMonths(-1);
        var label = MonthlyReport.Label(month);
        var report = services.GetRequiredService<MonthlyReport>();
        var t = services.GetRequiredService<Texts>();
        var queued = 0;
        foreach (var head in await mail.HeadsAsync(ct))
        {
            var key = $"monthly-report:{label}:{head.UserId:N}";
            if (await mail.QueuedAsync(head.Address, key, ct))
            {
                continue;
            }

            try
            {
                byte[] file;
                string subject, body;
                using (ReadersCulture.Enter(Texts.CultureOfReader(head.Language)))
                {
                    file = await report.RenderAsync(head.Units, month, ct);
                    subject = t["monthly.mail_subject", label];
                    body = t["monthly.mail_body", label];
                }

                queued += await mail.QueueAsync(head.Address, subject, body, $"training-report-{label}.pdf", file, key, ct) ? 1 : 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The monthly report {Month} for user {User} failed; the next run tries again", label, head.UserId);
            }
        }

        return queued;
    }

    private static async Task<DateOnly> FirstWorkingDayAsync(IServiceProvider services, DateOnly day, CancellationToken ct)
    {
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(ct);
        return await connection.ExecuteScalarAsync<DateOnly>(new CommandDefinition(
            "SELECT min(d)::date FROM generate_series(@first::date, @first::date + 14, interval '1 day') AS g(d) WHERE workflow.working_day(d::date)",
            new { first = MonthlyReport.MonthOf(day).ToDateTime(TimeOnly.MinValue) }, cancellationToken: ct));
    }
}
