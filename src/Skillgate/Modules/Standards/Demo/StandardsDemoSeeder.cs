using Microsoft.EntityFrameworkCore;
using Skillgate.Modules.Standards.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Standards.Demo;

/// <summary>
/// Demo controlled documents: a welding work instruction on its second version, a safety SOP and a raw-material
/// standard, authored by the demo QA user and released by the administrator.
/// </summary>
internal sealed class StandardsDemoSeeder(IServiceScopeFactory scopes) : IHostedService
{
    private const string Update = "更新焊接参数与检验要求";

    private static readonly DemoDocument[] Documents =
    [
        new("WI-WELD-01", "焊接作业指导书", "work_instruction", 2, 400, Update),
        new("SOP-SAFE-01", "安全生产操作规程", "sop", 1, 500, Update),
        new("QS-RM-01", "原材料处理标准", "standard", 1, 300, Update),
        new("ISO9001-8.5.1", "ISO 9001:2015 8.5.1 生产和服务提供的控制", "external", 1, 700, Update),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await SeedAsync(scope.ServiceProvider, Documents, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds the documents (unless the first is there), their released versions and any next version waiting for review.</summary>
    internal static async Task SeedAsync(IServiceProvider services, DemoDocument[] documents, CancellationToken ct)
    {
        var db = services.GetRequiredService<StandardsDb>();
        if (await db.Set<Document>().AnyAsync(d => d.Code == documents[0].Code, ct))
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var author = await db.Set<AppUser>().Where(u => u.UserName == "qa").Select(u => u.Id).FirstAsync(ct);
        var approver = await db.Set<AppUser>().Where(u => u.UserName == "admin").Select(u => u.Id).FirstAsync(ct);
        foreach (var (code, title, kind, versions, age, update, inReview) in documents)
        {
            var document = new Document { Id = Guid.CreateVersion7(now), Code = code, Title = title, Kind = kind, CreatedAt = now };
            db.Add(document);
            for (var major = 1; major <= versions; major++)
            {
                var effective = today.AddDays(-age + ((major - 1) * (age - 60)));
                db.Add(new DocumentVersion
                {
                    Id = Guid.CreateVersion7(now),
                    DocumentId = document.Id,
                    Major = major,
                    Minor = 0,
                    Status = major == versions ? VersionStatus.Effective : VersionStatus.Superseded,
                    ChangeType = "major",
                    Summary = major == 1 ? "首次发布" : update,
                    RetrainDueDays = 30,
                    EffectiveOn = effective,
                    AuthorId = author,
                    ApprovedBy = approver,
                    ApprovedAt = new DateTimeOffset(effective.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    SignatureMeaning = "演示数据：批准发布",
                    CreatedAt = now,
                });
            }

            if (inReview is not null)
            {
                db.Add(new DocumentVersion
                {
                    Id = Guid.CreateVersion7(now), DocumentId = document.Id, Major = versions + 1, Minor = 0, Status = VersionStatus.InReview,
                    ChangeType = "major", Summary = inReview, RetrainDueDays = 30, AuthorId = author, CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}

/// <summary>A demo document: its released versions (the last in force), and the summary of a next version in review, if any.</summary>
internal sealed record DemoDocument(string Code, string Title, string Kind, int Versions, int AgeDays, string Update, string? InReview = null);
