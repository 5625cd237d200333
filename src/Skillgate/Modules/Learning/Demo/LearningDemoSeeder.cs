using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;

namespace Skillgate.Modules.Learning.Demo;

/// <summary>
/// With the demo plant: the published online course on WI-WELD-01 v2 (a two-page PDF, a question bank tagged weld-safety and a paper
/// drawn by rules) assigned to the demo welder 赵磊, a practical TIG station qualification, an external IPC course, and two instructors.
/// W2's welders passed the TIG practical last spring in two waves (36 and 32 weeks ago), after W2's cold-solder rate had stood above
/// W1's; the quality demo lets their defect rate fall from then on, which the effectiveness demo evaluates.
/// </summary>
internal sealed class LearningDemoSeeder(IServiceScopeFactory scopes, ILogger<LearningDemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<LearningDb>();
        if (await db.Set<Course>().AnyAsync(cancellationToken))
        {
            return;
        }

        await using var read = await services.GetRequiredService<NpgsqlDataSource>().OpenScopedAsync(cancellationToken);
        var version = await read.QueryFirstOrDefaultAsync<Guid?>(
            "SELECT v.id FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id WHERE d.code = 'WI-WELD-01' AND v.status = 'effective'");
        var users = (await read.QueryAsync<(string Name, Guid Id, Guid? EmployeeId)>("SELECT user_name, id, employee_id FROM auth.app_user")).ToDictionary(u => u.Name);
        var tig = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM competence.skill_v WHERE code = 'WELD-TIG'");
        var unit = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM org.org_unit_v WHERE code = 'P1-WELD'");
        if (version is null || tig is null || !users.TryGetValue("instructor", out var instructor) || !users.TryGetValue("qa", out var qa) ||
            !users.TryGetValue("employee", out var welder) || welder.EmployeeId is null)
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var online = Course("WI-WELD-01-T", "焊接作业指导书 WI-WELD-01 v2.0 在线培训", CourseKind.Online, 2, 10, instructor.Id, unit, now);
        online.Description = "第 2 版的变更：预热温度、层间清理和气体流量。学习文件并通过考试（≥80 分）后即取得 W1 工位的作业资格。";
        var practical = Course("WELD-TIG-PR", "TIG 焊工位实操认证", CourseKind.Practical, 4, 20, instructor.Id, unit, now);
        practical.RequiresExam = false;
        practical.CostPerParticipant = 600;
        var external = Course("EXT-IPC-610", "IPC-A-610 电子组件可接受性（外部培训）", CourseKind.External, 16, 30, instructor.Id, null, now);
        external.RequiresExam = false;
        external.CertificateMonths = 24;
        var classroom = Course("SAFE-CLS", "焊接安全课堂培训（SOP-SAFE-01）", "classroom", 2, 10, instructor.Id, unit, now);
        classroom.RequiresExam = false;
        classroom.CertificateMonths = 12;
        db.AddRange(online, practical, external, classroom);
        var safety = await read.QueryFirstOrDefaultAsync<Guid?>(
            "SELECT v.id FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id WHERE d.code = 'SOP-SAFE-01' AND v.status = 'effective'");
        if (safety is { } safetyVersion)
        {
            db.Add(new CourseDocument { CourseId = classroom.Id, DocumentVersionId = safetyVersion });
        }

        db.Add(new CourseDocument { CourseId = online.Id, DocumentVersionId = version.Value });
        db.Add(new CourseSkill { CourseId = practical.Id, SkillId = tig.Value, Level = 3 });
        foreach (var course in new[] { online, practical, external, classroom })
        {
            Publish(db, course, instructor.Id, qa.Id, now);
        }

        var pdf = services.GetRequiredService<FileStore>();
        var bytes = DemoPdf.TwoPages("WI-WELD-01 v2.0 Work instruction");
        var file = await pdf.SaveAsync(new MemoryStream(bytes), "WI-WELD-01-v2.pdf", bytes.Length, FileKinds.Documents, cancellationToken);
        db.Add(new CourseMaterial { Id = Guid.CreateVersion7(now), CourseId = online.Id, FileId = file.Id, Title = "WI-WELD-01 v2.0 作业指导书", Kind = "document", Pages = 2 });

        foreach (var (stem, options, answer, difficulty) in SafetyQuestions)
        {
            db.Add(new Question
            {
                Id = Guid.CreateVersion7(now), CourseId = online.Id, Kind = QuestionKind.Single, Stem = stem, Options = options, AnswerKey = [answer], Difficulty = difficulty,
                Tags = ["weld-safety"], CreatedAt = now,
            });
        }

        foreach (var (stem, right) in TrueFalse)
        {
            db.Add(new Question { Id = Guid.CreateVersion7(now), CourseId = online.Id, Kind = QuestionKind.TrueFalse, Stem = stem, Options = ["正确", "错误"], AnswerKey = [right ? "0" : "1"], Difficulty = 1, Tags = ["wi-weld-v2"], CreatedAt = now });
        }

        var paper = new Paper { Id = Guid.CreateVersion7(now), CourseId = online.Id, Title = "WI-WELD-01 v2.0 上岗考试", Mode = "rules", TimeLimitMinutes = 20, PassMark = 80, AttemptsAllowed = 3, CreatedAt = now };
        db.Add(paper);
        db.Add(new PaperRule { Id = Guid.CreateVersion7(now), PaperId = paper.Id, QuestionKind = QuestionKind.Single, Tag = "weld-safety", MinDifficulty = 2, Count = 5, Points = 14, Sort = 0 });
        db.Add(new PaperRule { Id = Guid.CreateVersion7(now), PaperId = paper.Id, QuestionKind = QuestionKind.TrueFalse, Tag = "wi-weld-v2", MinDifficulty = 1, Count = 3, Points = 10, Sort = 1 });

        var teacher = new Instructor { Id = Guid.CreateVersion7(now), Kind = "internal", EmployeeId = instructor.EmployeeId, Name = "张强", Subjects = "TIG 焊、焊接安全", CreatedAt = now };
        var association = new Instructor { Id = Guid.CreateVersion7(now), Kind = "external", Name = "王建国", Organization = "苏州焊接技术协会", Subjects = "IPC-A-610、焊接工艺评定", CreatedAt = now };
        db.AddRange(teacher, association);
        db.Add(new InstructorCourse { InstructorId = teacher.Id, CourseId = online.Id });
        db.Add(new InstructorCourse { InstructorId = teacher.Id, CourseId = practical.Id });
        db.Add(new InstructorCourse { InstructorId = association.Id, CourseId = external.Id });
        db.Add(new InstructorCourse { InstructorId = teacher.Id, CourseId = classroom.Id });
        db.Add(new Enrollment
        {
            Id = Guid.CreateVersion7(now), CourseId = online.Id, EmployeeId = welder.EmployeeId.Value, Source = "assigned", AssignedBy = "hr", DueOn = today.AddDays(14), CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        var waves = await TigWavesAsync(services, read, practical.Id, welder.EmployeeId.Value, today, cancellationToken);
        logger.LogInformation("Demo learning data seeded: {Questions} questions, {Trained} W2 welders through the TIG practical", SafetyQuestions.Length + TrueFalse.Length, waves);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>W2's welders (but the demo welder) complete the TIG practical, alternately in the first and the second wave.</summary>
    private static async Task<int> TigWavesAsync(IServiceProvider services, NpgsqlConnection read, Guid course, Guid demoWelder, DateOnly today, CancellationToken ct)
    {
        var welders = (await read.QueryAsync<Guid>(
            """
            SELECT e.id FROM org.employee_v e JOIN org.org_unit_v u ON u.id = e.org_unit_id JOIN org.position_v p ON p.id = e.position_id
            WHERE e.status = 'active' AND u.code = 'P1-WELD-W2' AND p.code LIKE '%WELDER' AND e.id <> @demoWelder ORDER BY e.employee_no
            """, new { demoWelder })).ToList();
        var completions = services.GetRequiredService<Completions.CourseCompletionService>();
        await using var tx = await services.GetRequiredService<LearningDb>().BeginAsync(ct);
        for (var i = 0; i < welders.Count; i++)
        {
            await completions.CompleteAsync(course, welders[i], "practical", today.AddDays(i % 2 == 0 ? -36 * 7 : -32 * 7), null, ct);
        }

        await tx.CommitAsync(ct);
        return welders.Count;
    }

    /// <summary>Submitted by the author and approved with QA's signature, as a published course is.</summary>
    internal static void Publish(LearningDb db, Course course, Guid author, Guid reviewer, DateTimeOffset now)
    {
        var signature = new ESignature { Id = Guid.CreateVersion7(now), UserId = reviewer, Meaning = "批准发布", EntityType = "course", EntityId = course.Id, SignedAt = now };
        db.Add(signature);
        db.Add(new CourseReview { Id = Guid.CreateVersion7(now), CourseId = course.Id, Revision = 1, Action = "submitted", UserId = author, At = now.AddMinutes(-30) });
        db.Add(new CourseReview { Id = Guid.CreateVersion7(now), CourseId = course.Id, Revision = 1, Action = "approved", Comment = "内容与现行版本一致", UserId = reviewer, SignatureId = signature.Id, At = now });
        course.PublishedBy = reviewer;
        course.PublishedAt = now;
    }

    internal static Course Course(string code, string title, string kind, decimal hours, int points, Guid author, Guid? unit, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), Code = code, Title = title, Kind = kind, ClassHours = hours, Points = points, AuthorId = author, OwnerUnitId = unit,
        Status = CourseStatus.Published, CreatedAt = now, CostPerParticipant = kind == CourseKind.External ? 1800 : 0,
    };

    private static readonly (string Stem, string[] Options, string Answer, int Difficulty)[] SafetyQuestions =
    [
        ("WI-WELD-01 v2.0 规定的 Q355 钢板预热温度是？", ["不预热", "80–120 ℃", "200–250 ℃", "300 ℃ 以上"], "1", 2),
        ("多层焊时，每层焊完后应当？", ["立即焊下一层", "清理焊渣并检查", "浇水冷却", "更换焊丝"], "1", 2),
        ("TIG 焊氩气流量按 v2.0 应为？", ["2–4 L/min", "8–12 L/min", "20–25 L/min", "不作要求"], "1", 3),
        ("焊接前必须首先确认的是？", ["焊机可靠接地", "焊丝颜色", "当班产量", "天气预报"], "0", 2),
        ("发现焊缝气孔超标时应？", ["继续生产", "标识隔离并报告班长", "自行打磨后放行", "通知销售"], "1", 2),
        ("焊接面罩的遮光号一般选择？", ["1–2 号", "9–13 号", "任意", "不需要"], "1", 2),
        ("焊接作业区 10 米内不得存放？", ["易燃物品", "工具箱", "图纸", "水杯"], "0", 2),
        ("钨极伸出长度过长会导致？", ["保护效果变差", "焊缝更美观", "电流变小", "没有影响"], "0", 3),
        ("首件检验由谁确认？", ["操作者自己", "检验员", "仓库", "采购"], "1", 2),
        ("焊接电缆破损时应？", ["用胶布缠好继续用", "立即停用并报修", "换个方向放", "不用处理"], "1", 2),
    ];

    private static readonly (string Stem, bool Right)[] TrueFalse =
    [
        ("WI-WELD-01 v2.0 要求层间温度不超过 250 ℃。", true),
        ("v2.0 取消了焊前清理坡口油污的要求。", false),
        ("未取得 W1 工位资格的员工可以在师傅不在场时独立焊接。", false),
        ("焊接记录表需填写焊材批号。", true),
    ];
}
