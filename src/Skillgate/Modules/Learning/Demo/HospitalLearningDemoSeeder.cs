using Dapper;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Skillgate.Modules.Competence.Contracts;
using Skillgate.Modules.Learning.Domain;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Data;
using Skillgate.Platform.Files;
using static Skillgate.Modules.Learning.Demo.LearningDemoSeeder;

namespace Skillgate.Modules.Learning.Demo;

/// <summary>
/// With the demo hospital: online courses on the two procedure revisions in review (the surgical safety checklist and IV
/// therapy), the IV-therapy practical, classroom lectures and a national continuing-education project with credits, two
/// instructors, and two years of the clinical staff's approved external credits — a few short this year, and the demo nurse
/// 赵敏 short by 7 with a conference credit waiting for HR.
/// </summary>
internal sealed class HospitalLearningDemoSeeder(IServiceScopeFactory scopes, ILogger<HospitalLearningDemoSeeder> logger) : IHostedService
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
        var versions = (await read.QueryAsync<(string Code, int Major, Guid Id)>(
            "SELECT d.code, v.major, v.id FROM standards.document_version_v v JOIN standards.document_v d ON d.id = v.document_id"))
            .ToDictionary(v => (v.Code, v.Major), v => v.Id);
        var users = (await read.QueryAsync<(string Name, Guid Id, Guid? EmployeeId)>("SELECT user_name, id, employee_id FROM auth.app_user")).ToDictionary(u => u.Name);
        var ivtSkill = await read.QueryFirstOrDefaultAsync<Guid?>("SELECT id FROM competence.skill_v WHERE code = 'IVT'");
        var units = (await read.QueryAsync<(string Code, Guid Id)>("SELECT code, id FROM org.org_unit_v WHERE code IN ('HOSP-SURG', 'HOSP-NURS', 'HOSP-QC')")).ToDictionary(u => u.Code, u => u.Id);
        if (!versions.ContainsKey(("SSC-01", 2)) || !versions.ContainsKey(("IVT-01", 2)) || ivtSkill is null || !users.TryGetValue("instructor", out var instructor) ||
            !users.TryGetValue("qa", out var qa) || users.GetValueOrDefault("employee").EmployeeId is not { } employee || users.GetValueOrDefault("nurse").EmployeeId is not { } nurse)
        {
            return;
        }

        services.GetRequiredService<AuditActor>().ActAs(null, "demo-seed");
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var ssc = Online("SSC-01-T", "《手术安全核查制度》v2.0 在线培训", "v2.0 的变更：麻醉实施前增加影像资料与手术部位标记核对。学习制度并通过考试（≥80 分）后即取得手术安全核查资格。", units["HOSP-QC"]);
        var ivt = Online("IVT-01-T", "《静脉治疗护理技术操作规范》v2.0 在线培训", "v2.0 的变更：外周静脉导管冲封管改用预充式导管冲洗器。学习规范并通过考试（≥80 分）后即取得静脉治疗资格。", units["HOSP-NURS"]);
        var practical = Course("IVT-PR", "静脉治疗操作技能考核（实操）", CourseKind.Practical, 2, 20, instructor.Id, units["HOSP-NURS"], now);
        practical.RequiresExam = false;
        var classroom = Course("IVT-CLS", "静脉治疗规范课堂培训", "classroom", 2, 10, instructor.Id, units["HOSP-NURS"], now);
        classroom.RequiresExam = false;
        classroom.Credits = 2m;
        classroom.CreditCategory = "class_2";
        var lecture = Course("MR-CLS", "病历书写规范专题讲座", "classroom", 2, 10, instructor.Id, units["HOSP-QC"], now);
        lecture.RequiresExam = false;
        lecture.Credits = 2m;
        lecture.CreditCategory = "class_1_provincial";
        var national = Course("CME-NAT-01", "国家级继续医学教育项目：围手术期护理新进展", CourseKind.External, 16, 30, instructor.Id, null, now);
        national.RequiresExam = false;
        national.Credits = 10m;
        national.CreditCategory = "class_1_national";
        Course[] courses = [ssc, ivt, practical, classroom, lecture, national];
        db.AddRange(courses);
        foreach (var course in courses)
        {
            Publish(db, course, instructor.Id, qa.Id, now);
        }

        db.Add(new CourseDocument { CourseId = ssc.Id, DocumentVersionId = versions[("SSC-01", 2)] });
        db.Add(new CourseDocument { CourseId = ivt.Id, DocumentVersionId = versions[("IVT-01", 2)] });
        db.Add(new CourseDocument { CourseId = classroom.Id, DocumentVersionId = versions[("IVT-01", 1)] });
        db.Add(new CourseDocument { CourseId = lecture.Id, DocumentVersionId = versions[("MR-WRITE-01", 1)] });
        db.Add(new CourseSkill { CourseId = practical.Id, SkillId = ivtSkill.Value, Level = 3 });

        var files = services.GetRequiredService<FileStore>();
        await AddMaterialAndExamAsync(ssc, "SSC-01 v2.0", "手术安全核查制度", HospitalQuestions.Checklist, HospitalQuestions.ChecklistChanges, "ssc");
        await AddMaterialAndExamAsync(ivt, "IVT-01 v2.0", "静脉治疗护理技术操作规范", HospitalQuestions.IvTherapy, HospitalQuestions.IvTherapyChanges, "ivt");

        var teacher = new Instructor { Id = Guid.CreateVersion7(now), Kind = "internal", EmployeeId = instructor.EmployeeId, Name = "张丽", Subjects = "静脉治疗、手术安全核查", CreatedAt = now };
        var society = new Instructor { Id = Guid.CreateVersion7(now), Kind = "external", Name = "刘建华", Organization = "省护理学会", Subjects = "围手术期护理、继续医学教育", CreatedAt = now };
        db.AddRange(teacher, society);
        foreach (var course in new[] { ssc, ivt, practical, classroom, lecture })
        {
            db.Add(new InstructorCourse { InstructorId = teacher.Id, CourseId = course.Id });
        }

        db.Add(new InstructorCourse { InstructorId = society.Id, CourseId = national.Id });
        db.Add(new Enrollment { Id = Guid.CreateVersion7(now), CourseId = ssc.Id, EmployeeId = employee, Source = "assigned", AssignedBy = "hr", DueOn = today.AddDays(14), CreatedAt = now });
        db.Add(new Enrollment { Id = Guid.CreateVersion7(now), CourseId = ivt.Id, EmployeeId = nurse, Source = "assigned", AssignedBy = "hr", DueOn = today.AddDays(14), CreatedAt = now });
        var certificate = DemoPdf.TwoPages("Continuing medical education certificate");
        var stored = await files.SaveAsync(new MemoryStream(certificate), "cme-certificate.pdf", certificate.Length, FileKinds.Documents, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var people = await HospitalCredits.SeedAsync(read, stored.Id, employee, now, cancellationToken);
        await services.GetRequiredService<ICreditsStandingRefresh>().RefreshAsync(people, cancellationToken);
        logger.LogInformation("Demo hospital learning data seeded: credits for {People} clinical staff", people.Count);

        Course Online(string code, string title, string description, Guid unit)
        {
            var course = Course(code, title, CourseKind.Online, 1, 10, instructor.Id, unit, now);
            course.Description = description;
            course.Credits = 1m;
            course.CreditCategory = "class_2";
            return course;
        }

        async Task AddMaterialAndExamAsync(Course course, string label, string title, HospitalQuestions.Single[] singles, HospitalQuestions.TrueFalse[] changes, string tag)
        {
            var bytes = DemoPdf.TwoPages(label);
            var file = await files.SaveAsync(new MemoryStream(bytes), label.Replace(' ', '-') + ".pdf", bytes.Length, FileKinds.Documents, cancellationToken);
            db.Add(new CourseMaterial { Id = Guid.CreateVersion7(now), CourseId = course.Id, FileId = file.Id, Title = $"{label} {title}", Kind = "document", Pages = 2 });
            foreach (var (stem, options, answer) in singles)
            {
                db.Add(new Question
                {
                    Id = Guid.CreateVersion7(now), CourseId = course.Id, Kind = QuestionKind.Single, Stem = stem, Options = options, AnswerKey = [answer], Difficulty = 2,
                    Tags = [tag], CreatedAt = now,
                });
            }

            foreach (var (stem, right) in changes)
            {
                db.Add(new Question { Id = Guid.CreateVersion7(now), CourseId = course.Id, Kind = QuestionKind.TrueFalse, Stem = stem, Options = ["正确", "错误"], AnswerKey = [right ? "0" : "1"], Difficulty = 1, Tags = [tag + "-v2"], CreatedAt = now });
            }

            var paper = new Paper { Id = Guid.CreateVersion7(now), CourseId = course.Id, Title = $"{label} 考试", Mode = "rules", TimeLimitMinutes = 20, PassMark = 80, AttemptsAllowed = 3, CreatedAt = now };
            db.Add(paper);
            db.Add(new PaperRule { Id = Guid.CreateVersion7(now), PaperId = paper.Id, QuestionKind = QuestionKind.Single, Tag = tag, MinDifficulty = 2, Count = 5, Points = 14, Sort = 0 });
            db.Add(new PaperRule { Id = Guid.CreateVersion7(now), PaperId = paper.Id, QuestionKind = QuestionKind.TrueFalse, Tag = tag + "-v2", MinDifficulty = 1, Count = 3, Points = 10, Sort = 1 });
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
