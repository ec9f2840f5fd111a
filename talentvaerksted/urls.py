from django.urls import path

from . import views

app_name = "talentvaerksted"

urlpatterns = [
    path("", views.CourseListView.as_view(), name="course_list"),
    path("nyt/", views.CourseCreateView.as_view(), name="course_create"),
    path("<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path("<int:pk>/rediger/", views.CourseUpdateView.as_view(), name="course_update"),
    path("<int:pk>/kopier/", views.CourseCopyView.as_view(), name="course_copy"),
    path("<int:pk>/slet/", views.CourseDeleteView.as_view(), name="course_delete"),
    path("<int:pk>/moedegange/ny/", views.SessionCreateView.as_view(), name="session_create"),
    path("<int:pk>/tilmeld/", views.EnrollView.as_view(), name="enroll"),
    path("<int:pk>/bekraeft-gennemfoert/", views.CompleteProposedView.as_view(), name="complete_proposed"),
    path("moedegange/<int:pk>/rediger/", views.SessionUpdateView.as_view(), name="session_update"),
    path("moedegange/<int:pk>/slet/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("moedegange/<int:pk>/fremmoede/", views.RollCallView.as_view(), name="roll_call"),
    path(
        "moedegange/<int:pk>/fremmoede/<int:enrollment_pk>/",
        views.AttendanceSetView.as_view(),
        name="attendance_set",
    ),
    path("tilmeldinger/<int:pk>/gennemfoert/", views.EnrollmentCompleteView.as_view(), name="enrollment_complete"),
    path("tilmeldinger/<int:pk>/afbryd/", views.EnrollmentDropView.as_view(), name="enrollment_drop"),
    path("tilmeldinger/<int:pk>/paamindelser/", views.EnrollmentReminderView.as_view(), name="enrollment_reminder"),
    path("tilmeldinger/<int:pk>/fjern/", views.EnrollmentRemoveView.as_view(), name="enrollment_remove"),
    path("tilmeldinger/<int:pk>/diplom.pdf", views.DiplomaView.as_view(), name="diploma"),
    path("unge/<int:pk>/cv/", views.CVEditView.as_view(), name="cv_edit"),
    path("unge/<int:pk>/cv.pdf", views.CVPdfView.as_view(), name="cv_pdf"),
    path("unge/<int:pk>/cv-til-virksomhed.pdf", views.CVPdfForCompanyView.as_view(), name="cv_pdf_company"),
]
