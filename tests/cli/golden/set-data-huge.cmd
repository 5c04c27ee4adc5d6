run models/tiny-clearing.ini --set service.a-pay.daily_volume=1e300 -o gen/out
