# The customer's incident page of the service example, Korean (South Korea).
# Register and framing as in locales/ko-KR/tidings.ftl: 합쇼체 throughout;
# an outage is 장애, planned work is 점검; $name is always followed by
# "서비스", so no particle depends on how a Latin name is read aloud.

service-inbox-heading = 장애 안내
service-inbox-empty = 현재 고객님의 계정에 영향을 주는 장애는 없습니다.
service-inbox-mark-read = 읽음으로 표시
service-inbox-unread = 새 안내

service-unsubscribe-heading = 이메일 알림
service-unsubscribe-question = { $scope ->
    [maintenance] 서비스 점검 안내 메일 수신을 중단하시겠습니까?
    [product] { $name } 서비스 장애 안내 메일 수신을 중단하시겠습니까?
    [component] { $name } 서비스에 영향을 주는 장애의 안내 메일 수신을 중단하시겠습니까?
   *[all] 장애 및 점검 안내 메일 수신을 중단하시겠습니까?
}
service-unsubscribe-still = 장애 상황은 계정의 장애 안내 페이지에서 계속 확인하실 수 있습니다.
service-unsubscribe-confirm = 수신 중단
service-unsubscribe-only-maintenance = 서비스 점검 안내 메일만 수신 중단
service-unsubscribe-done = { $scope ->
    [maintenance] 서비스 점검 안내 메일 수신이 중단되었습니다.
    [product] { $name } 서비스 장애 안내 메일 수신이 중단되었습니다.
    [component] { $name } 서비스에 영향을 주는 장애의 안내 메일 수신이 중단되었습니다.
   *[all] 장애 및 점검 안내 메일 수신이 중단되었습니다.
}
service-unsubscribe-undo = 실수로 수신을 중단하셨습니까?
service-unsubscribe-resubscribe = 수신 재개
service-unsubscribe-resubscribed = 수신이 재개되었습니다. 앞으로도 이전과 같이 안내 메일을 받아 보실 수 있습니다.
service-unsubscribe-invalid = 이 수신 중단 링크는 유효하지 않습니다. 가장 최근에 받으신 메일의 링크를 이용하시거나 고객지원팀으로 문의해 주시기 바랍니다.

## The public status page (/status). $site is the service's name as the
## operator gives it (--site-name).

service-status-heading = { $site } 서비스 상태
service-status-current = 현재 발생 중인 장애
service-status-all-clear = 현재 모든 서비스가 정상적으로 운영되고 있습니다.
service-status-planned = 서비스 점검
service-status-none-planned = 현재 예정된 점검이 없습니다.
service-status-past = 지난 장애 및 점검
service-status-none-past = 아직 표시할 내역이 없습니다.
service-status-every-update = 이전 안내
service-status-feed = 장애 및 점검 안내를 RSS 리더로 구독하기
