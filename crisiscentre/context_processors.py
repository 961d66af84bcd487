from django.conf import settings


def site(request):
    return {"REGION_NAME": settings.REGION_NAME}
