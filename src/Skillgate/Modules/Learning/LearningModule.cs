namespace Skillgate.Modules.Learning;

internal static class LearningModule
{
    public static void AddLearning(IServiceCollection services)
    {
        services.AddScoped<Courses.CourseQueries>();
        services.AddScoped<Courses.CourseHandler>();
        services.AddScoped<Instructors.InstructorHandler>();
        services.AddScoped<Questions.QuestionHandler>();
        services.AddScoped<Questions.QuestionImport>();
        services.AddScoped<Papers.PaperHandler>();
        services.AddScoped<Exams.ExamHandler>();
        services.AddScoped<Exams.AttemptQueries>();
        services.AddScoped<Exams.GradingReader>();
        services.AddScoped<Completions.CourseCompletionService>();
        services.AddScoped<Contracts.ICourseCompletions>(sp => sp.GetRequiredService<Completions.CourseCompletionService>());
        services.AddScoped<Completions.CompletionRules>();
        services.AddScoped<Completions.CertificateQueries>();
        services.AddScoped<Completions.CourseCompletionQueries>();
        services.AddScoped<Study.LearningHandler>();
        services.AddScoped<Practicals.PracticalHandler>();
        services.AddScoped<Feedback.FeedbackHandler>();
    }
}
