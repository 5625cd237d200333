using Microsoft.AspNetCore.RateLimiting;
using Skillgate.Modules.Learning.Certificates;
using Skillgate.Modules.Learning.Courses;
using Skillgate.Modules.Learning.Credits;
using Skillgate.Modules.Learning.Exams;
using Skillgate.Modules.Learning.Instructors;
using Skillgate.Modules.Learning.Papers;
using Skillgate.Modules.Learning.Practicals;
using Skillgate.Modules.Learning.Questions;
using Skillgate.Modules.Learning.Recommendations;
using Skillgate.Modules.Learning.Study;
using Skillgate.Platform.Composition;
using Skillgate.Platform.Data;

namespace Skillgate.Modules.Learning;

internal sealed class LearningModule : IModule
{
    /// <summary>
    /// Exam starts and submissions queue for a few database connections instead of all arriving at once: a whole shift
    /// submitting together is served in order rather than exhausting the connection pool.
    /// </summary>
    public const string ExamQueue = "exam-queue";

    public int Order => 5;

    public void AddServices(IServiceCollection services)
    {
        services.AddModuleDb<LearningDb>();
        services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o => o.Conventions.AllowAnonymousToPage("/Learning/Certificates/Verify"));
        services.AddSingleton(LearningHistoryVocabulary.Value);
        services.AddScoped<Candidates.CandidateQueries>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.AddConcurrencyLimiter(ExamQueue, c =>
            {
                // Grading is CPU work in the app and the database; more submissions at once than the cores can serve only open
                // more connections, each planning its statements anew (issue 23: 16 at once cost 10 % more CPU per submission).
                c.PermitLimit = 4 * Environment.ProcessorCount;
                c.QueueLimit = 20_000;
                c.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
            });
        });
        services.AddScoped<Courses.CourseQueries>();
        services.AddScoped<Courses.CourseNotes>();
        services.AddScoped<Courses.CourseHandler>();
        services.AddScoped<Credits.CreditHandler>();
        services.AddScoped<Courses.CourseReviewFlow>();
        services.AddScoped<Courses.CourseMaterials>();
        services.AddScoped<Contracts.ICourseCatalog, Courses.CourseCatalog>();
        services.AddScoped<Instructors.InstructorHandler>();
        services.AddScoped<Questions.QuestionHandler>();
        services.AddScoped<Questions.QuestionImport>();
        services.AddScoped<Papers.PaperHandler>();
        services.AddScoped<Exams.ExamHandler>();
        services.AddScoped<Exams.ExamGrading>();
        services.AddScoped<Exams.AttemptResults>();
        services.AddScoped<Exams.AttemptQueries>();
        services.AddScoped<Exams.GradingReader>();
        services.AddScoped<Completions.CourseCompletionService>();
        services.AddScoped<Contracts.ICourseCompletions>(sp => sp.GetRequiredService<Completions.CourseCompletionService>());
        services.AddScoped<Completions.CompletionRules>();
        services.AddScoped<Completions.CertificateQueries>();
        services.AddScoped<Certificates.CertificatePdf>();
        services.AddScoped<Completions.CourseCompletionQueries>();
        services.AddScoped<Study.LearningHandler>();
        services.AddSingleton(Study.DueTile.Tile);
        services.AddScoped<Recommendations.RecommendationQueries>();
        services.AddScoped<Recommendations.RecommendationHandler>();
        services.AddSingleton(Recommendations.RecommendedTile.Tile);
        services.AddScoped<Practicals.PracticalHandler>();
        services.AddScoped<Feedback.FeedbackHandler>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapCourseEndpoints();
        app.MapCreditEndpoints();
        app.MapInstructorEndpoints();
        app.MapQuestionEndpoints();
        app.MapPaperEndpoints();
        app.MapExamEndpoints();
        app.MapMyLearningEndpoints();
        app.MapRecommendationEndpoints();
        app.MapPracticalEndpoints();
        app.MapCertificateEndpoints();
    }

    public void AddDemo(IServiceCollection services) => services.AddHostedService<Demo.LearningDemoSeeder>();

    public void AddHospitalDemo(IServiceCollection services) => services.AddHostedService<Demo.HospitalLearningDemoSeeder>();
}
